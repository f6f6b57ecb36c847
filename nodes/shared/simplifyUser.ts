import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** What an ops team reads a user for; Simplify keeps these (n8n's guidelines: at most 10). */
export const SIMPLE_USER_FIELDS = [
	'id',
	'firstName',
	'lastName',
	'email',
	'role',
	'type',
	'jobTitle',
	'timezone',
	'createdAt',
	'updatedAt',
] as const;

/** An answer of Help Scout's without the HAL `_links`, which mean nothing in a workflow. */
export function withoutLinks(answer: IDataObject): IDataObject {
	const fields = { ...answer };
	delete fields._links;
	return fields;
}

/**
 * What Include Inboxes and Include Teams add (nodes/shared/access.ts), with the groups a user may
 * hold that could not be read consistently. Help Scout's user names none of them, so a user that
 * has them was asked for them, and Simplify keeps them.
 */
export const UNCERTAIN_FIELDS = { inboxes: 'inboxesUncertain', teams: 'teamsUncertain' } as const;
export const ACCESS_FIELDS = ['inboxes', 'teams', ...Object.values(UNCERTAIN_FIELDS)] as const;

/** The user's essential fields, those Help Scout sent, and the inboxes and teams asked for. */
export function simplifyUser(user: IDataObject): IDataObject {
	return Object.fromEntries(
		[...SIMPLE_USER_FIELDS, ...ACCESS_FIELDS].filter((name) => user[name] !== undefined).map((name) => [name, user[name]]),
	);
}

/** The Simplify switch of the read operations (n8n's guidelines: on by default in new nodes). */
export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
