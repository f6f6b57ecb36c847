import type { IDataObject } from 'n8n-workflow';

import { API_BASE_URL, helpScoutList } from '../../transport';
import type { HelpScoutContext, RetryPolicy } from '../../transport';

export function userLocation(id: number): string {
	return `${API_BASE_URL}/users/${id}`;
}

/** A user as Help Scout returns it, without the HAL `_links` that mean nothing in a workflow. */
export function simplifyUser(user: IDataObject): IDataObject {
	const { _links: _links, ...fields } = user;
	return fields;
}

/**
 * `GET /v2/users?email=` matches exactly and includes users who have not yet accepted their
 * invitation; the comparison here only guards against a server that matched more loosely.
 */
export async function findUserByEmail(
	this: HelpScoutContext,
	email: string,
	itemIndex: number,
	policy: RetryPolicy,
): Promise<IDataObject | undefined> {
	const users = await helpScoutList.call(this, '/users', 'users', { qs: { email }, itemIndex, policy });
	const wanted = email.toLowerCase();
	return users.find((user) => String(user.email).toLowerCase() === wanted);
}
