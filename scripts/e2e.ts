/**
 * `npm run e2e`: the package installed into a real n8n (./lib/n8n.ts says which) as a community package, a workflow
 * run headless with `n8n execute`, both grants, against the Help Scout stand-in.
 *   - Client credentials: n8n fetches its own token from the stand-in's token endpoint.
 *   - Authorization code: a stored token that has expired; n8n refreshes it and stores the new one.
 */
import assert from 'node:assert/strict';

import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

import { accessReviewRequests } from '../test/fixtures/accessReview';
import { expectedActivity, expectedSeats } from '../test/fixtures/seatReview';
import { chainWorkflow, createUserParameters, helpScoutStep, NODE_TYPE, TRIGGER_TYPE } from '../test/fixtures/workflows';
import { API_HOST, FakeHelpScout, TEST_CA_FILE } from '../test/stand-in';
import type { FakeUser } from '../test/stand-in';
import type { SampleLeaver } from '../test/stand-in/sandbox';
import { addSampleLeaver, OWNER, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, sandboxCredential } from '../test/stand-in/sandbox';
import { ChatModelStandIn } from './lib/chatModelStandIn';
import { ensureRuntime, log, N8nInstance, nodeOutput, packPackage, ROOT } from './lib/n8n';
import type { ExecutionResult } from './lib/n8n';

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

const JANE = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.com' };

/** n8n's AI Agent with an OpenAI chat model (the stand-in) and this node as its tool. */
function agentWorkflow() {
	const fromAi = (key: string, description: string) => `={{ $fromAI('${key}', '${description}', 'string') }}`;
	const nodes = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'agent',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			position: [200, 0],
			parameters: { promptType: 'define', text: 'Add Jane Doe (jane.doe@example.com) to Help Scout as a user.', options: {} },
		},
		{
			id: 'model',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [200, 200],
			parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: { id: 'chatModelStandIn', name: 'chatModelStandIn' } },
		},
		{
			id: 'tool',
			name: 'Create Help Scout User',
			type: `${NODE_TYPE}Tool`,
			typeVersion: 1,
			position: [400, 200],
			parameters: createUserParameters({
				firstName: fromAi('firstName', 'First name of the new Help Scout user'),
				lastName: fromAi('lastName', 'Last name of the new Help Scout user'),
				email: fromAi('email', 'Work email address of the new Help Scout user'),
				options: {},
			}),
			credentials: { helpScoutUsersOAuth2Api: { id: 'hsClientCredentials', name: 'hsClientCredentials' } },
		},
	];
	return {
		id: 'helpScoutAgentE2e',
		name: 'Help Scout Users as an AI Agent tool',
		nodes,
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Create Help Scout User': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/** Help Scout Users Trigger (every minute) → HTTP Request to a local listener that counts what arrives. */
function auditWorkflow(listenerUrl: string) {
	return {
		...chainWorkflow('helpScoutAuditE2e', [
			{
				name: 'New Help Scout User',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newUser', simplify: true, filters: {} },
				credentials: { helpScoutUsersOAuth2Api: { id: 'hsClientCredentials', name: 'hsClientCredentials' } },
			},
			{
				name: 'Tell the Listener',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: { method: 'POST', url: listenerUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
			},
		]),
		name: 'Audit new Help Scout users (e2e)',
	};
}

/** What n8n's HTTP Request node posts, as the trigger's executions run. */
async function startListener(): Promise<{ url: string; received: Array<Record<string, unknown>>; stop: () => Promise<void> }> {
	const received: Array<Record<string, unknown>> = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			received.push(JSON.parse(body || '{}') as Record<string, unknown>);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/seen`,
		received,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function waitFor(check: () => boolean, what: string, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`${what}: not seen in ${ms / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Tests a stored credential the way the editor does when it is saved: n8n's own credential test. */
async function testCredential(n8n: N8nInstance, cookie: string, credential: { id: string; name: string; type: string; data: object }) {
	const response = await fetch(`${n8n.baseUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'e2e' },
		body: JSON.stringify({ credentials: credential }),
	});
	if (!response.ok) throw new Error(`credential test answered ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

/** A GET to Help Scout's API as any client makes it (through the stand-in's proxy, over TLS): what Help Scout itself now answers. */
async function helpScoutGet(proxyUrl: string, token: string, apiPath: string): Promise<Record<string, unknown>> {
	const proxy = new URL(proxyUrl);
	const tunnel = await new Promise<Socket>((resolve, reject) => {
		http
			.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${API_HOST}:443` })
			.on('connect', (_response, socket) => resolve(socket))
			.on('error', reject)
			.end();
	});
	return await new Promise((resolve, reject) => {
		const request = https.request(
			{
				host: API_HOST,
				path: apiPath,
				headers: { authorization: `Bearer ${token}` },
				// No agent: Node then opens the connection with createConnection, over the tunnel.
				createConnection: () => tls.connect({ socket: tunnel, servername: API_HOST, ca: readFileSync(TEST_CA_FILE) }),
			},
			(response) => {
				let body = '';
				response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
				response.on('end', () =>
					response.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${apiPath} answered ${response.statusCode}: ${body}`)),
				);
			},
		);
		request.on('error', reject).end();
	});
}

/**
 * examples/offboard-help-scout-user.json, saved as the editor's Import from File saves it and run
 * with `n8n execute` from its sample leaver (added to the stand-in before the trigger's first poll,
 * so it is no new user to that trigger): the leaver is Away, every open conversation of theirs, in
 * two inboxes, is the team lead's, and the summary counts them.
 */
async function offboardingExample(n8n: N8nInstance, cookie: string, fake: FakeHelpScout, proxyUrl: string, sample: SampleLeaver) {
	log('The offboarding example: saved as the editor saves it, run with n8n execute from its sample leaver ...');
	fake.addClient(SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET);
	await n8n.importCredentials([sandboxCredential]);
	const { nodes, connections, settings, name } = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'offboard-help-scout-user.json'), 'utf8'));
	const response = await fetch(`${n8n.baseUrl}/rest/workflows`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'e2e' },
		body: JSON.stringify({ name, nodes, connections, settings, active: false }),
	});
	if (!response.ok) throw new Error(`the editor's save answered ${response.status}: ${await response.text()}`);
	const saved = ((await response.json()) as { data: { id: string } }).data;

	const { leaver, teamLead, open, untouched } = sample;
	const openIds = open.map((conversation) => conversation.id).sort((a, b) => a - b);
	assert.deepEqual(new Set(open.map((conversation) => conversation.mailboxId)), new Set([1, 2]));
	// `n8n execute` beside the running editor: the same user folder (database, package), but ports
	// of its own (another n8n's task broker port would end it before it runs anything).
	const cli = new N8nInstance({ ...n8n.options, port: 5740 });
	const runStarted = Date.now();
	const result = await cli.execute(saved.id);
	const runMs = Date.now() - runStarted;
	assert.equal(result.data.resultData.error, undefined, JSON.stringify(result.data.resultData.error));

	const [handOver] = nodeOutput(result, 'Hand Over to the Team Lead');
	assert.equal(handOver.fromUserId, leaver.id);
	assert.equal(handOver.toUserId, teamLead.id);
	assert.deepEqual([...(handOver.conversationIds as number[])].sort((a, b) => a - b), openIds);
	const summary = nodeOutput(result, 'Summary');
	assert.deepEqual(summary, [
		{
			message:
				`Riley Morgan is Away in Help Scout. Conversations handed over to Sam Rivera: ${open.length}; skipped (merged or deleted meanwhile): 0; ` +
				'still assigned to the leaver: 0. An Administrator can now remove the user in Help Scout (Manage > Users).',
			handedOver: open.length,
			skipped: 0,
			remaining: 0,
		},
	]);

	// What Help Scout answers now, read through its API as any client would.
	const token = String(fake.issueTokens(CLIENT_ID).access_token);
	const status = await helpScoutGet(proxyUrl, token, `/v2/users/${leaver.id}/status`);
	const { updatedAt, ...email } = status.email as Record<string, unknown>;
	assert.deepEqual(email, {
		status: 'away',
		performedBy: fake.usersWithEmail('admin@example.com')[0].id,
		source: 'api',
		customStatus: { text: 'No longer with the team', emoji: '👋', emojiName: ':wave:' },
	});
	assert.ok(Date.parse(String(updatedAt)) >= runStarted, `status changed during the run: ${String(updatedAt)}`);
	const assignedTo = async (user: { id: number }) => {
		const list = await helpScoutGet(proxyUrl, token, `/v2/conversations?assigned_to=${user.id}&status=all`);
		return (list._embedded as { conversations: Array<{ id: number }> }).conversations.map((conversation) => conversation.id).sort((a, b) => a - b);
	};
	assert.deepEqual(await assignedTo(teamLead), openIds);
	assert.deepEqual(await assignedTo(leaver), [untouched[0].id], "the leaver's closed conversation is left to them");
	assert.equal(fake.conversations.find((conversation) => conversation.id === untouched[1].id)?.assigneeId, untouched[1].assigneeId);
	assert.ok(open.every((conversation) => fake.assigneeChanges.get(conversation.id) === 1), 'each conversation changed once');
	log(`  ${runMs} ms in n8n execute; ${String(summary[0].message)}`);
}

/**
 * An example workflow as the file is, with the e2e's credential, run with `n8n execute` from its
 * manual trigger; the stand-in's request log starts empty.
 */
async function runExample(n8n: N8nInstance, fake: FakeHelpScout, file: string): Promise<ExecutionResult> {
	const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
	for (const node of example.nodes) {
		if (node.credentials) node.credentials = { helpScoutUsersOAuth2Api: { id: 'hsClientCredentials', name: 'hsClientCredentials' } };
	}
	await n8n.importWorkflow(example);
	fake.requests.length = 0;
	const result = await n8n.execute(example.id);
	assert.equal(result.data.resultData.error, undefined, JSON.stringify(result.data.resultData.error));
	return result;
}

/** A user's inboxes and teams as the examples' rows name them: sorted names, joined by "; ". */
function accessNames(fake: FakeHelpScout, user: FakeUser): { Inboxes: string; Teams: string } {
	const names = (groups: Array<{ name: string }>) => groups.map((group) => group.name).sort((a, b) => a.localeCompare(b)).join('; ');
	return {
		Inboxes: names(fake.mailboxes.filter((mailbox) => user.mailboxes.some((entry) => entry.id === mailbox.id))),
		Teams: names(fake.teams.filter((team) => team.memberIds.includes(user.id))),
	};
}

type Binary = { id?: string; fileName?: string; mimeType?: string; fileSize?: string; data?: string };

/** The CSV file a Convert to File step made, its name and type checked, read back as lines. */
function csvFile(n8n: N8nInstance, result: ExecutionResult, step: string, fileName: RegExp): { file?: Binary; lines: string[] } {
	const fileRuns = result.data.resultData.runData[step] as unknown as Array<{ data: { main: Array<Array<{ binary?: Record<string, Binary> }>> } }>;
	const file = fileRuns[0].data.main[0][0].binary?.data;
	assert.match(String(file?.fileName), fileName);
	assert.equal(file?.mimeType, 'text/csv');
	// n8n 2.x keeps binary data on disk by default ("filesystem-v2:<path below .n8n/storage>").
	const bytes = file?.id
		? readFileSync(path.join(n8n.userFolder, '.n8n', 'storage', file.id.slice(file.id.indexOf(':') + 1)))
		: Buffer.from(String(file?.data), 'base64');
	return { file, lines: bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\n') };
}

/**
 * examples/access-review.json as the file is, with the e2e's credential, run with `n8n execute` from
 * its Run the Review Now trigger: one CSV row per Help Scout user with the inboxes and teams
 * Help Scout's records give them, at one request per page of each list.
 */
async function accessReviewExample(n8n: N8nInstance, fake: FakeHelpScout) {
	log('The access review example: every user with their inboxes and teams, as a CSV ...');
	const users = fake.users;
	const [grace, alan] = ['grace.hopper@example.com', 'alan.turing@example.com'].map((email) => fake.usersWithEmail(email)[0]);
	fake.addTeam({ name: 'Night Shift', memberIds: [grace.id, alan.id] });
	fake.addTeam({ name: 'Escalations', memberIds: [grace.id] });
	fake.addTeam({ name: 'Nobody Yet' });
	grace.mailboxes.push({ id: 3, emailAccess: true });
	const result = await runExample(n8n, fake, 'access-review.json');

	const rows = nodeOutput(result, 'One Row per User');
	assert.deepEqual(
		rows,
		users.map((user) => ({
			Name: `${user.firstName} ${user.lastName}`,
			Email: user.email,
			Role: user.role,
			...accessNames(fake, user),
			'Help Scout ID': user.id,
		})),
	);
	assert.equal(rows.find((row) => row.Email === grace.email)?.Teams, 'Escalations; Night Shift');
	const expected = accessReviewRequests(fake).total;
	assert.equal(fake.apiRequests('GET').length, expected, fake.apiRequests('GET').map((request) => request.path).join('\n'));

	const { file, lines: csv } = csvFile(n8n, result, 'Access Review CSV', /^help-scout-access-review-\d{4}-\d{2}-\d{2}\.csv$/);
	assert.deepEqual(csv, [
		'Name,Email,Role,Inboxes,Teams,Help Scout ID',
		...rows.map((row) => [row.Name, row.Email, row.Role, row.Inboxes, row.Teams, row['Help Scout ID']].join(',')),
	]);
	const [message] = nodeOutput(result, 'Message to the Reviewer');
	assert.match(String(message.text), new RegExp(`^Attached: the ${users.length} Help Scout users, one row each`));
	log(`  ${rows.length} rows, ${expected} requests (one per page of each list), file ${String(file?.fileName)} (${String(file?.fileSize)})`);
}

/** The Help Scout roles as the seat review's rows name them: Help Scout's UI words. */
const SEAT_NAMES: Record<string, string> = { owner: 'Account Owner', admin: 'Administrator', user: 'User' };

/**
 * examples/seat-review.json as the file is, run with `n8n execute` from its Run the Review Now
 * trigger: one CSV row per paid seat (Account Owner, Administrator, User) whose user sent no reply
 * in the last 30 days, by the stand-in's own replies, and the message's counts from the seat
 * summary, at one request for the report beside one per page of each list.
 */
async function seatReviewExample(n8n: N8nInstance, fake: FakeHelpScout) {
	log('The seat review example: paid seats without a reply in the last 30 days, as a CSV ...');
	const day = 86_400_000;
	const [grace, alan] = ['grace.hopper@example.com', 'alan.turing@example.com'].map((email) => fake.usersWithEmail(email)[0]);
	fake.addReply({ userId: grace.id, at: new Date(Date.now() - 2 * day).toISOString(), customerId: 1 });
	// Alan replied, but before the period: his seat is idle.
	fake.addReply({ userId: alan.id, at: new Date(Date.now() - 45 * day).toISOString(), customerId: 2 });
	const result = await runExample(n8n, fake, 'seat-review.json');

	const reports = fake.apiRequests('GET').filter((request) => request.path === '/v2/reports/company');
	assert.equal(reports.length, 1);
	const { start, end } = reports[0].query;
	assert.equal(Date.parse(end) - Date.parse(start), 30 * day);
	const idle = fake.users.filter((user) => user.role in SEAT_NAMES && !expectedActivity(fake, user, start, end).active);
	assert.ok(idle.includes(alan) && !idle.includes(grace), 'Alan idle, Grace not');
	const rows = nodeOutput(result, 'One Row per Idle Seat');
	assert.deepEqual(
		rows,
		idle.map((user) => ({
			Name: `${user.firstName} ${user.lastName}`,
			Email: user.email,
			Role: SEAT_NAMES[user.role],
			Replies: 0,
			...accessNames(fake, user),
			'User Since': user.createdAt,
			'Help Scout ID': user.id,
		})),
	);
	const summary = nodeOutput(result, 'Users with Activity, Inboxes and Teams').pop();
	const seats = expectedSeats(fake, start, end);
	assert.deepEqual(summary, { seatSummary: seats });
	assert.equal(seats.inactivePaidSeats, rows.length);
	const expected = accessReviewRequests(fake).total + 1;
	assert.equal(fake.apiRequests('GET').length, expected, fake.apiRequests('GET').map((request) => request.path).join('\n'));

	const { file, lines: csv } = csvFile(n8n, result, 'Seat Review CSV', /^help-scout-seat-review-\d{4}-\d{2}-\d{2}\.csv$/);
	assert.deepEqual(csv, [
		'Name,Email,Role,Replies,Inboxes,Teams,User Since,Help Scout ID',
		...rows.map((row) => [row.Name, row.Email, row.Role, row.Replies, row.Inboxes, row.Teams, row['User Since'], row['Help Scout ID']].join(',')),
	]);
	const [message] = nodeOutput(result, 'Message to the Admin');
	assert.equal(
		message.text,
		`${rows.length} of the ${seats.paidSeats} paid Help Scout seats sent no reply from ${start.slice(0, 10)} to ${end.slice(0, 10)}; they are attached, one row each. Could any of them be a Light User (free) or leave? Light Users: ${seats.lightUser}.`,
	);
	log(`  ${rows.length} idle paid seats of ${seats.paidSeats}, ${expected} requests (the report once, one per page of each list), file ${String(file?.fileName)}`);
}

async function main() {
	const started = Date.now();
	ensureRuntime();
	const installed = Date.now();
	const tarball = packPackage();

	const fake = new FakeHelpScout();
	const proxyUrl = await fake.start();
	fake.addClient(CLIENT_ID, CLIENT_SECRET);
	fake.addUser({ firstName: 'Lee', lastName: 'Light', email: 'light@example.com', role: 'light user' });
	fake.addClient('light-app', 'light-secret', 'light@example.com');
	const sampleLeaver = addSampleLeaver(fake);
	const chatModel = new ChatModelStandIn(JANE);
	const chatModelUrl = await chatModel.start();
	const listener = await startListener();
	const credentialsToTest = [
		{ id: 'testGood', name: 'testGood', type: 'helpScoutUsersOAuth2Api', data: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } },
		{ id: 'testWrongSecret', name: 'testWrongSecret', type: 'helpScoutUsersOAuth2Api', data: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: 'not-the-secret' } },
		{ id: 'testLightUser', name: 'testLightUser', type: 'helpScoutUsersOAuth2Api', data: { grantType: 'clientCredentials', clientId: 'light-app', clientSecret: 'light-secret' } },
	];
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
			{ id: 'chatModelStandIn', name: 'chatModelStandIn', type: 'openAiApi', data: { apiKey: 'sk-local-stand-in', url: chatModelUrl } },
			...credentialsToTest,
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
		// Get User's first read met the expired token with n8n's renewal off (the 401 comes back to
		// the node), went again with it on, and n8n renewed once; every read after that carried the
		// new token. (Create's credential had no token yet: n8n fetched one on a read of /users/me
		// before the first create.)
		const reads = fake
			.apiRequests('GET')
			.filter((request) => /^\/v2\/users\/\d+$/.test(request.path))
			.map((request) => request.headers.authorization);
		assert.equal(fake.apiRequests('GET').filter((request) => request.path === '/v2/users/me').length, 1, sequence);
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

		log('The node as an AI Agent tool: the agent asks the chat model, which calls the tool with $fromAI() fields ...');
		await n8n.importWorkflow(agentWorkflow());
		const agentRun = await n8n.execute('helpScoutAgentE2e');
		assert.equal(agentRun.data.resultData.error, undefined, JSON.stringify(agentRun.data.resultData.error));
		const [jane] = fake.usersWithEmail(JANE.email);
		assert.ok(jane, 'the agent created Jane in Help Scout');
		assert.equal(`${jane.firstName} ${jane.lastName}`, 'Jane Doe');
		const [answer] = nodeOutput(agentRun, 'AI Agent');
		assert.match(String(answer.output), new RegExp(`"id":${jane.id}\\b`), `the agent's answer carries the id: ${String(answer.output)}`);
		const offered = chatModel.requests[0].tools?.[0]?.function;
		assert.deepEqual(Object.keys(offered?.parameters?.properties ?? {}).sort(), ['email', 'firstName', 'lastName']);
		log(`  the agent answered: ${String(answer.output)}`);

		log('The example workflows, imported with n8n import:workflow as the files are ...');
		for (const file of ['new-hire-to-help-scout.json', 'audit-new-help-scout-users.json']) {
			const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
			await n8n.importWorkflow(example);
			assert.match(await n8n.cli(['list:workflow'], { N8N_LOG_LEVEL: 'info' }), new RegExp(`^${example.id}\\|${example.name}$`, 'm'));
		}

		await accessReviewExample(n8n, fake);
		await seatReviewExample(n8n, fake);

		log('Help Scout Users Trigger: an activated workflow, polling every minute ...');
		await n8n.importWorkflow(auditWorkflow(listener.url));
		await n8n.cli(['publish:workflow', '--id=helpScoutAuditE2e']);

		log("Saving credentials in the editor tests them: n8n's credential test, through its REST API ...");
		await n8n.start();
		const activatedAt = Date.now();
		const setUp = await n8n.setUpOwner(OWNER, 'e2e');
		// One at a time, as the editor does: n8n's tester keeps its temporary node in shared state.
		const results: Record<string, { status: string; message: string }> = {};
		for (const credential of credentialsToTest) results[credential.id] = await testCredential(n8n, setUp.cookie, credential);
		assert.equal(results.testGood.status, 'OK', JSON.stringify(results.testGood));
		assert.equal(results.testWrongSecret.status, 'Error', JSON.stringify(results.testWrongSecret));
		assert.deepEqual(results.testLightUser, {
			status: 'Error',
			message: "Connected, but the app acts as a Light User, and Light Users cannot use Help Scout's API. Use the app of an Administrator or the Account Owner.",
		});
		for (const [id, result] of Object.entries(results)) log(`  ${id}: ${result.status} ${result.message}`);

		log("Ready for n8n 3.0's default: n8n's own migration report (Settings > Migration Report) ...");
		const report = await fetch(`${n8n.baseUrl}/rest/breaking-changes/report?version=v3`, { headers: { cookie: setUp.cookie, 'browser-id': 'e2e' } });
		if (!report.ok) throw new Error(`the migration report answered ${report.status}: ${await report.text()}`);
		const instanceRules = ((await report.json()) as { data: { report: { instanceResults: Array<{ ruleId: string }> } } }).data.report.instanceResults;
		// n8n lists the rule while N8N_UNVERIFIED_PACKAGES_ENABLED is unset ("Installed community packages that are not
		// verified by n8n will stop loading unless the variable is explicitly set to true"): set as the README says, it does not.
		assert.ok(!instanceRules.some((rule) => rule.ruleId === 'unverified-packages-v3'), JSON.stringify(instanceRules));
		log(`  n8n 3.0 instance rules still flagged here: ${instanceRules.map((rule) => rule.ruleId).join(', ') || 'none'}`);

		log("The example workflows, imported as the editor's Import from File saves them (its REST API) ...");
		for (const file of ['new-hire-to-help-scout.json', 'audit-new-help-scout-users.json']) {
			const { nodes, connections, settings, name } = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
			const response = await fetch(`${n8n.baseUrl}/rest/workflows`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: setUp.cookie, 'browser-id': 'e2e' },
				body: JSON.stringify({ name: `${name} (editor)`, nodes, connections, settings, active: false }),
			});
			if (!response.ok) throw new Error(`${file}: the editor's save answered ${response.status}: ${await response.text()}`);
			const saved = ((await response.json()) as { data: { nodes: Array<{ type: string }> } }).data;
			assert.deepEqual(saved.nodes.map((node) => node.type), nodes.map((node: { type: string }) => node.type));
		}

		log('Someone adds a user in Help Scout by hand; the trigger should fire once for it ...');
		// After the activation's first poll, which remembers where Help Scout stands.
		const userList = () => fake.apiRequests('GET').filter((request) => request.path === '/v2/users' && !request.query.email);
		await waitFor(() => userList().some((request) => request.at >= activatedAt), 'the first poll', 90_000);
		const invited = fake.addUser({ firstName: 'Ivy', lastName: 'Invited', email: 'ivy.invited@example.com', role: 'admin', createdAt: new Date().toISOString() });
		const addedAt = Date.now();
		await waitFor(() => listener.received.length > 0, 'the trigger firing', 150_000);
		const firedAfterMs = Date.now() - addedAt;
		// One more poll after the one that fired: it must find nothing new.
		const pollsSoFar = userList().length;
		await waitFor(() => userList().length > pollsSoFar, 'the next poll', 90_000);
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		assert.deepEqual(listener.received, [
			{ id: invited.id, firstName: 'Ivy', lastName: 'Invited', email: 'ivy.invited@example.com', role: 'admin', type: 'user', timezone: 'America/New_York', createdAt: invited.createdAt, updatedAt: invited.createdAt },
		]);
		log(`  fired once, ${Math.round(firedAfterMs / 1000)} s after the user was added; the next poll found nothing new`);

		await offboardingExample(n8n, setUp.cookie, fake, proxyUrl, sampleLeaver);
	} finally {
		await n8n.stop();
		await fake.stop();
		await chatModel.stop();
		await listener.stop();
	}
	log(`e2e passed: install/cache ${Math.round((installed - started) / 1000)} s, total ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
	process.stderr.write(`e2e FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
