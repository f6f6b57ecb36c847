/**
 * The stand-in as `npm run demo`, `npm run dev` and the browser test use it: an internal app,
 * enough inboxes for the mailbox dropdown to need three pages, and the offboarding example's
 * sample leaver with conversations to hand over.
 */
import type { FakeConversation, FakeUser } from './index';
import { FakeHelpScout } from './index';

export const SANDBOX_CLIENT_ID = 'sandbox-app';
export const SANDBOX_CLIENT_SECRET = 'sandbox-secret';
export const SANDBOX_CREDENTIAL_ID = 'helpScoutSandbox';

export async function startSandbox(): Promise<{ sandbox: FakeHelpScout; proxyUrl: string }> {
	const sandbox = new FakeHelpScout();
	const proxyUrl = await sandbox.start();
	sandbox.addClient(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
	for (let id = 4; id <= 120; id++) {
		sandbox.mailboxes.push({ id, name: `Team Inbox ${String(id).padStart(3, '0')}`, email: `team${id}@example.com` });
	}
	addSampleLeaver(sandbox);
	return { sandbox, proxyUrl };
}

/** The leaver and the team lead that examples/offboard-help-scout-user.json's sample names. */
export const SAMPLE_LEAVER = { firstName: 'Riley', lastName: 'Morgan', email: 'riley.morgan@example.com', role: 'user' };
export const SAMPLE_TEAM_LEAD = { firstName: 'Sam', lastName: 'Rivera', email: 'sam.rivera@example.com', role: 'admin' };

export interface SampleLeaver {
	leaver: FakeUser;
	teamLead: FakeUser;
	/** Active and pending, in Support and Billing: what the example hands over. */
	open: FakeConversation[];
	/** The leaver's closed one (history, left to them) and a colleague's: what it must not touch. */
	untouched: FakeConversation[];
}

/** The offboarding example's sample leaver, so that its Try It trigger has someone to hand over. */
export function addSampleLeaver(helpScout: FakeHelpScout): SampleLeaver {
	const inboxes = [
		{ id: 1, emailAccess: true },
		{ id: 2, emailAccess: true },
	];
	const leaver = helpScout.addUser({ ...SAMPLE_LEAVER, mailboxes: inboxes });
	const teamLead = helpScout.addUser({ ...SAMPLE_TEAM_LEAD, mailboxes: inboxes });
	const colleague = helpScout.usersWithEmail('user@example.com')[0];
	const open = (
		[
			[1, 'active'],
			[1, 'active'],
			[1, 'active'],
			[1, 'pending'],
			[2, 'active'],
			[2, 'active'],
			[2, 'pending'],
		] as const
	).map(([mailboxId, status]) => helpScout.addConversation({ mailboxId, status, assigneeId: leaver.id }));
	const untouched = [
		helpScout.addConversation({ mailboxId: 1, status: 'closed', assigneeId: leaver.id }),
		helpScout.addConversation({ mailboxId: 2, status: 'active', assigneeId: colleague.id }),
	];
	return { leaver, teamLead, open, untouched };
}

/** The credential the example workflow refers to, filled with the sandbox's internal app. */
export const sandboxCredential = {
	id: SANDBOX_CREDENTIAL_ID,
	name: 'Help Scout',
	type: 'helpScoutUsersOAuth2Api',
	data: { grantType: 'clientCredentials', clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET },
};

/** The n8n owner account the demo and the browser test sign in with. */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Sandbox',
	lastName: 'Owner',
	password: 'Sandbox-Password-1',
};
