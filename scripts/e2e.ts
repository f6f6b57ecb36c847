/**
 * `npm run e2e`: the package installed into a real n8n 2.41.1 as a community package, a workflow
 * run headless with `n8n execute`, both grants, against the Help Scout stand-in.
 *   - Client credentials: n8n fetches its own token from the stand-in's token endpoint.
 *   - Authorization code: a stored token that has expired; n8n refreshes it and stores the new one.
 */
import assert from 'node:assert/strict';

import { chainWorkflow, createUserParameters, helpScoutStep } from '../test/fixtures/workflows';
import { FakeHelpScout, TEST_CA_FILE } from '../test/stand-in';
import { ensureRuntime, log, N8nInstance, nodeOutput, packPackage } from './lib/n8n';

const CLIENT_ID = 'e2e-client';
const CLIENT_SECRET = 'e2e-client-secret';

const hires = [
	{ firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', role: 'admin', inbox: 1 },
	{ firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@example.com', role: 'user', inbox: 2 },
	{ firstName: 'Katherine', lastName: 'Johnson', email: 'katherine.johnson@example.com', role: 'light user', inbox: 3 },
];

function workflow() {
	return {
		...chainWorkflow('helpScoutE2e', [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{
				name: 'New Hires',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ hires }), options: {} },
			},
			{
				name: 'One Item per Hire',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'hires', include: 'noOtherFields', options: {} },
			},
			helpScoutStep(
				'Create User',
				createUserParameters({
					role: '={{ $json.role }}',
					mailboxes: { mailbox: [{ id: '={{ $json.inbox }}', emailAccess: true }] },
					additionalFields: { jobTitle: 'Support Agent' },
					options: { ifUserExists: 'returnExisting' },
				}),
				'hsClientCredentials',
			),
			helpScoutStep(
				'Get User',
				{ resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, options: {} },
				'hsAuthorizationCode',
			),
		]),
		name: 'Help Scout Users e2e',
	};
}

async function main() {
	const started = Date.now();
	ensureRuntime();
	const installed = Date.now();
	const tarball = packPackage();

	const fake = new FakeHelpScout();
	const proxyUrl = await fake.start();
	fake.addClient(CLIENT_ID, CLIENT_SECRET);
	const stored = fake.issueTokens(CLIENT_ID, 'admin@example.com');
	fake.expireAllTokens();

	const n8n = new N8nInstance({ name: 'e2e', proxyUrl, caFile: TEST_CA_FILE });
	try {
		log('Installing the package into a fresh n8n user folder ...');
		n8n.reset(tarball);
		await n8n.importCredentials([
			{
				id: 'hsClientCredentials',
				name: 'hsClientCredentials',
				type: 'helpScoutUsersOAuth2Api',
				data: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
			},
			{
				id: 'hsAuthorizationCode',
				name: 'hsAuthorizationCode',
				type: 'helpScoutUsersOAuth2Api',
				data: { grantType: 'authorizationCode', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, oauthTokenData: stored },
			},
		]);
		await n8n.importWorkflow(workflow());

		log('Running the workflow with n8n execute ...');
		const runStarted = Date.now();
		const result = await n8n.execute('helpScoutE2e');
		const runMs = Date.now() - runStarted;
		assert.equal(result.data.resultData.error, undefined, JSON.stringify(result.data.resultData.error));

		const created = nodeOutput(result, 'Create User');
		assert.equal(created.length, hires.length);
		hires.forEach((hire, index) => {
			const users = fake.usersWithEmail(hire.email);
			assert.equal(users.length, 1, `${hire.email} exists once`);
			assert.deepEqual(created[index], {
				id: users[0].id,
				location: `https://api.helpscout.net/v2/users/${users[0].id}`,
				created: true,
			});
			assert.equal(users[0].role, hire.role);
			assert.deepEqual(users[0].mailboxes, [{ id: hire.inbox, emailAccess: true }]);
			assert.equal(users[0].jobTitle, 'Support Agent');
		});

		const fetched = nodeOutput(result, 'Get User');
		assert.deepEqual(
			fetched.map((user) => user.email),
			hires.map((hire) => hire.email),
		);
		assert.ok(fetched.every((user) => user._links === undefined));

		const grants = fake.tokenRequests().map((request) => (request.body as Record<string, string>).grant_type);
		const sequence = fake.requests.map((request) => `${request.method} ${request.path}`).join('\n');
		assert.deepEqual(grants.sort(), ['client_credentials', 'refresh_token'], sequence);
		const refresh = fake.tokenRequests().find((request) => (request.body as Record<string, string>).grant_type === 'refresh_token');
		assert.equal((refresh!.body as Record<string, string>).refresh_token, stored.refresh_token);
		// The first read met the expired token with n8n's renewal off (the 401 comes back to the
		// node), went again with it on, and n8n renewed once; every read after that carried the new
		// token.
		const reads = fake.apiRequests('GET').map((request) => request.headers.authorization);
		assert.deepEqual(reads.slice(0, 2), [`Bearer ${stored.access_token}`, `Bearer ${stored.access_token}`]);
		assert.ok(reads.slice(2).every((header) => header !== `Bearer ${stored.access_token}`));

		log('Running it again: the same hires come back as existing users, and no token is requested ...');
		fake.requests.length = 0;
		const userCount = fake.users.length;
		const again = await n8n.execute('helpScoutE2e');
		assert.equal(fake.tokenRequests().length, 0);
		assert.deepEqual(
			nodeOutput(again, 'Create User'),
			created.map((item) => ({ ...item, created: false })),
		);
		assert.equal(fake.users.length, userCount);
		log(`first run ${runMs} ms in n8n execute; ${hires.length} users created, ${grants.length} token requests`);
	} finally {
		await fake.stop();
	}
	log(`e2e passed: install/cache ${Math.round((installed - started) / 1000)} s, total ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
	process.stderr.write(`e2e FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
