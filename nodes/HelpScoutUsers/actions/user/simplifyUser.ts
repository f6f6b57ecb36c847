import type { IDataObject } from 'n8n-workflow';

/** A user as Help Scout returns it, without the HAL `_links` that mean nothing in a workflow. */
export function simplifyUser(user: IDataObject): IDataObject {
	const fields = { ...user };
	delete fields._links;
	return fields;
}
