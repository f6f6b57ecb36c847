import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyField, withoutLinks } from '../../../shared/simplifyUser';
import { locatedUserId, userLocator } from './userLocator';
import { simplifyOf, userReadSendingFields } from './userReadOptions';

const properties: INodeProperties[] = [
	userLocator('The Help Scout user whose status to get'),
	simplifyField,
	...userReadSendingFields,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['getStatus'] } },
	properties,
);

interface UserStatus {
	userId?: number;
	email?: { status?: string; updatedAt?: string; performedBy?: number; source?: string; customStatus?: IDataObject };
	chat?: { status?: string; mailboxStatuses?: IDataObject };
}

/**
 * One level, named for what an ops team checks: is the agent active, since when, set by whom, and
 * the custom status Set Status writes (a leaver's "No longer with the team"), as Help Scout gives it.
 */
function simplifyStatus(answer: UserStatus): IDataObject {
	const fields: IDataObject = {
		userId: answer.userId,
		emailStatus: answer.email?.status,
		emailStatusUpdatedAt: answer.email?.updatedAt,
		emailStatusChangedBy: answer.email?.performedBy,
		emailStatusSource: answer.email?.source,
		customStatus: customStatusOf(answer.email?.customStatus),
		chatStatus: answer.chat?.status,
		chatInboxStatuses: answer.chat?.mailboxStatuses,
	};
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** `{ text, emoji, emojiName }` as far as Help Scout filled it in; undefined when there is none. */
function customStatusOf(custom: IDataObject | undefined): IDataObject | undefined {
	if (typeof custom !== 'object' || custom === null) return undefined;
	const fields = Object.fromEntries(
		['text', 'emoji', 'emojiName'].filter((name) => typeof custom[name] === 'string').map((name) => [name, custom[name]]),
	);
	return Object.keys(fields).length ? fields : undefined;
}

/** `GET /v2/users/{id}/status`: email availability (active or away) and chat status. */
export async function execute(this: IExecuteFunctions, itemIndex: number, api: HelpScoutApi): Promise<IDataObject[]> {
	const userId = locatedUserId(this, itemIndex);
	const simplify = simplifyOf(this, itemIndex);
	const { body } = await api.get(`/users/${userId}/status`, { messages: { 404: `Help Scout has no user with ID ${userId}` } });
	return [simplify ? simplifyStatus(body as UserStatus) : withoutLinks(body as IDataObject)];
}
