/**
 * The stand-in as `npm run demo`, `npm run dev` and the browser test use it: an internal app, and
 * enough inboxes for the mailbox dropdown to need three pages.
 */
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
	return { sandbox, proxyUrl };
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
