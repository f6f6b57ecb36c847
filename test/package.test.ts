/**
 * The public contract that exported workflows and n8n's loader depend on: names, the package's
 * n8n manifest, and the node's UI conventions.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { HelpScoutUsersOAuth2Api } from '../credentials/HelpScoutUsersOAuth2Api.credentials';
import { DEFAULT_CONCURRENCY, sendingOptionFields } from '../nodes/HelpScoutUsers/actions/sendingOptions';
import { HelpScoutUsers } from '../nodes/HelpScoutUsers/HelpScoutUsers.node';
import { DEFAULT_SENDING_POLICY } from '../nodes/shared/transport';
import { HelpScoutUsersTrigger } from '../nodes/HelpScoutUsersTrigger/HelpScoutUsersTrigger.node';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const description = new HelpScoutUsers().description;
const trigger = new HelpScoutUsersTrigger().description;
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/**
 * Every parameter path a saved workflow may hold (`options.maxAttempts`, `mailboxes.mailbox.id`),
 * with the values it may store there: an option's values, a resource locator's modes.
 */
function storedNames(properties: INodeProperties[], prefix = '', into: Record<string, string[]> = {}) {
	for (const property of properties) {
		if (property.type === 'notice') continue;
		const name = `${prefix}${property.name}`;
		const values = new Set(into[name] ?? []);
		if (property.type === 'options' || property.type === 'multiOptions') {
			for (const option of (property.options ?? []) as INodePropertyOptions[]) values.add(String(option.value));
		}
		for (const mode of property.modes ?? []) values.add(mode.name);
		into[name] = [...values].sort();
		if (property.type === 'collection') storedNames((property.options ?? []) as INodeProperties[], `${name}.`, into);
		if (property.type === 'fixedCollection') {
			for (const group of (property.options ?? []) as INodePropertyCollection[]) {
				storedNames(group.values, `${name}.${group.name}.`, into);
			}
		}
	}
	return into;
}

/** A saved node's parameters as the paths storedNames gives (`filters.email`, `mailboxes.mailbox.id`), with their values. */
function parameterPaths(parameters: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
	return Object.entries(parameters).flatMap(([key, value]): Array<[string, unknown]> => {
		const name = `${prefix}${key}`;
		if (Array.isArray(value) && value.some((entry) => entry && typeof entry === 'object')) {
			return value.flatMap((entry) => parameterPaths(entry as Record<string, unknown>, `${name}.`));
		}
		if (value && typeof value === 'object' && !Array.isArray(value) && !('__rl' in value) && Object.keys(value).length) {
			return parameterPaths(value as Record<string, unknown>, `${name}.`);
		}
		return [[name, value]];
	});
}

function walk(properties: INodeProperties[], visit: (property: INodeProperties) => void) {
	for (const property of properties) {
		visit(property);
		for (const option of property.options ?? []) {
			if ('values' in option) walk(option.values as INodeProperties[], visit);
			else if ('type' in option) walk([option as INodeProperties], visit);
		}
	}
}

describe('package.json', () => {
	it('is an MIT community package with no runtime dependencies and n8n-workflow as its only peer', () => {
		expect(pkg.name).toBe('n8n-nodes-helpscout-users');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	});

	it('lists the built credential and nodes for n8n to load', () => {
		expect(pkg.n8n).toEqual({
			n8nNodesApiVersion: 1,
			// Not strict: n8n-node lint then takes eslint.config.mjs, which keeps the community rules on
			// nodes/ and credentials/ and lets tests and scripts use processes and files (README, Development).
			strict: false,
			credentials: ['dist/credentials/HelpScoutUsersOAuth2Api.credentials.js'],
			nodes: [
				'dist/nodes/HelpScoutUsers/HelpScoutUsers.node.js',
				'dist/nodes/HelpScoutUsersTrigger/HelpScoutUsersTrigger.node.js',
			],
		});
	});

	it('packs a tarball that installs with nothing else and loads, ioredis bundled into dist (n8n installs it so)', () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'helpscout-pack-'));
		try {
			// The test CA's path is relative to the repository: not needed out there.
			const env = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
			const npm = (...args: string[]) => execFileSync('npm', args, { cwd: folder, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
			// .npmrc sets ignore-scripts, which also skips prepack: build first, as scripts/lib/n8n.ts does.
			execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
			const tarball = path.join(folder, execFileSync('npm', ['pack', '--silent', '--pack-destination', folder], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!);
			npm('install', '--ignore-scripts', '--omit=dev', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball);
			const installed = path.join(folder, 'node_modules');
			expect(readdirSync(installed).filter((name) => !name.startsWith('.'))).toEqual(['n8n-nodes-helpscout-users']);
			// n8n hands a community package its own n8n-workflow, and nothing else.
			symlinkSync(path.join(root, 'node_modules', 'n8n-workflow'), path.join(installed, 'n8n-workflow'));
			// What the package's own modules require: each must be its own file, n8n-workflow or Node's.
			const load = `
				const Module = require('module');
				const home = require('path').join(process.cwd(), 'node_modules', 'n8n-nodes-helpscout-users');
				const outside = [];
				const resolve = Module._resolveFilename;
				Module._resolveFilename = function (request, parent, ...rest) {
					const found = resolve.call(this, request, parent, ...rest);
					const own = parent && parent.filename && parent.filename.startsWith(home);
					if (own && !found.startsWith(home) && request !== 'n8n-workflow' && !Module.isBuiltin(found)) outside.push(request);
					return found;
				};
				const pkg = require('n8n-nodes-helpscout-users/package.json');
				for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) require('n8n-nodes-helpscout-users/' + file);
				const client = require('n8n-nodes-helpscout-users/dist/nodes/shared/state/redis/client.js');
				console.log(JSON.stringify({ outside, client: typeof client.stateClient }));`;
			const loaded = JSON.parse(execFileSync(process.execPath, ['-e', load], { cwd: folder, env, encoding: 'utf8' }));
			expect(loaded).toEqual({ outside: [], client: 'function' });
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}, 180_000);
});

describe('credential type', () => {
	const credential = new HelpScoutUsersOAuth2Api();
	const byName = Object.fromEntries(credential.properties.map((property) => [property.name, property]));

	it('is helpScoutUsersOAuth2Api, an OAuth2 credential named for Help Scout', () => {
		expect(credential.name).toBe('helpScoutUsersOAuth2Api');
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(credential.displayName).toMatch(/Help Scout.*OAuth2/);
	});

	it('offers both grants, Authorization Code first, with fixed hidden URLs, no scope and the secret in the body', () => {
		expect(byName.grantType.default).toBe('authorizationCode');
		expect(byName.grantType.options?.map((option) => (option as INodePropertyOptions).value)).toEqual([
			'authorizationCode',
			'clientCredentials',
		]);
		expect(byName.authUrl).toMatchObject({
			type: 'hidden',
			default: 'https://secure.helpscout.net/authentication/authorizeClientApplication',
		});
		expect(byName.accessTokenUrl).toMatchObject({ type: 'hidden', default: 'https://api.helpscout.net/v2/oauth2/token' });
		expect(byName.scope).toMatchObject({ type: 'hidden', default: '' });
		expect(byName.authentication).toMatchObject({ type: 'hidden', default: 'body' });
	});
});

describe('node description', () => {
	it('is helpScoutUsers with the user resource and its operations, sorted by name', () => {
		expect(description.name).toBe('helpScoutUsers');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'helpScoutUsersOAuth2Api', required: true }]);
		const operation = description.properties.find((property) => property.name === 'operation')!;
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'create', action: 'Create user' }),
			expect.objectContaining({ value: 'get', action: 'Get user' }),
			expect.objectContaining({ value: 'getMe', action: 'Get current user' }),
			expect.objectContaining({ value: 'getAll', action: 'Get many users' }),
			expect.objectContaining({ value: 'getStatus', action: 'Get user status' }),
			expect.objectContaining({ value: 'handOverConversations', action: 'Hand over conversations of a user' }),
			expect.objectContaining({ value: 'setStatus', action: 'Set user status' }),
		]);
	});

	it('has the Team resource before User, with Get Many and Get Members, sorted by name', () => {
		const resource = description.properties.find((property) => property.name === 'resource')!;
		expect(resource.options).toEqual([
			{ name: 'Team', value: 'team' },
			{ name: 'User', value: 'user' },
		]);
		const operation = description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('team'),
		)!;
		expect(operation.options).toEqual([
			expect.objectContaining({ name: 'Get Many', value: 'getAll', action: 'Get many teams' }),
			expect.objectContaining({ name: 'Get Members', value: 'getMembers', action: 'Get members of a team' }),
		]);
		const teamId = description.properties.find((property) => property.name === 'teamId')!;
		expect(teamId.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchTeams'],
			['id', undefined],
		]);
	});

	it('offers Include Inboxes and Include Teams, off by default, on every operation that outputs users, and on the trigger', () => {
		const shownFor = (name: string) =>
			description.properties
				.filter((property) => property.name === name)
				.flatMap((property) => (property.displayOptions?.show?.operation ?? []).map((op) => `${String(property.displayOptions?.show?.resource)}:${String(op)}`))
				.sort();
		for (const name of ['includeInboxes', 'includeTeams']) {
			expect(shownFor(name)).toEqual(['user:get', 'user:getAll', 'user:getMe']);
			expect(description.properties.find((property) => property.name === name)).toEqual(
				expect.objectContaining({ type: 'boolean', default: false, description: expect.stringMatching(/^Whether .* once per execution/) }),
			);
			expect(trigger.properties.find((property) => property.name === name)).toEqual(expect.objectContaining({ type: 'boolean', default: false }));
		}
	});

	it('offers Simplify, on by default, on every read operation', () => {
		for (const operation of ['get', 'getAll', 'getMe', 'getStatus']) {
			const simplify = description.properties.find(
				(property) => property.name === 'simplify' && property.displayOptions?.show?.operation?.includes(operation),
			);
			expect(simplify).toEqual(expect.objectContaining({ type: 'boolean', default: true }));
		}
	});

	it('has the Create User fields under their stable names', () => {
		const create = description.properties.filter((property) =>
			property.displayOptions?.show?.operation?.includes('create'),
		);
		expect(create.map((property) => property.name)).toEqual([
			'firstName',
			'lastName',
			'email',
			'role',
			'sendInvite',
			'mailboxes',
			'additionalFields',
			'options',
			'retriesAndLimits',
		]);
		const role = create.find((property) => property.name === 'role')!;
		expect(role.default).toBe('user');
		expect(role.options?.map((option) => (option as INodePropertyOptions).value).sort()).toEqual(['admin', 'light user', 'user']);
		const mailboxes = create.find((property) => property.name === 'mailboxes')!;
		expect(mailboxes.typeOptions).toEqual({ multipleValues: true });
		expect(mailboxes.options).toEqual([
			expect.objectContaining({
				name: 'mailbox',
				values: [
					expect.objectContaining({ name: 'id', displayName: 'Inbox Name or ID', typeOptions: { loadOptionsMethod: 'getMailboxes' } }),
					expect.objectContaining({ name: 'emailAccess', type: 'boolean', default: true }),
				],
			}),
		]);
	});

	it('keeps every parameter name and option value that saved workflows hold, on both nodes', () => {
		// Saved workflows store these; a renamed one silently loses the user's setting. New names and
		// values may be added; none of these may go. Labels (displayName, option name) are free to change.
		const pinned: Record<string, string[]> = {
			resource: ['team', 'user'],
			operation: ['create', 'get', 'getAll', 'getMe', 'getMembers', 'getStatus'],
			firstName: [],
			lastName: [],
			email: [],
			role: ['admin', 'light user', 'user'],
			sendInvite: [],
			mailboxes: [],
			'mailboxes.mailbox.id': [],
			'mailboxes.mailbox.emailAccess': [],
			additionalFields: [],
			'additionalFields.jobTitle': [],
			'additionalFields.phone': [],
			'additionalFields.timezone': [],
			options: [],
			'options.ifUserExists': ['error', 'returnExisting', 'skip'],
			'options.returnFullUser': [],
			'options.concurrency': [],
			'options.maxAttempts': [],
			'options.maxWaitSeconds': [],
			'options.timeoutSeconds': [],
			'options.burstWrites': [],
			retriesAndLimits: [],
			'retriesAndLimits.concurrency': [],
			'retriesAndLimits.maxAttempts': [],
			'retriesAndLimits.maxWaitSeconds': [],
			'retriesAndLimits.timeoutSeconds': [],
			'retriesAndLimits.burstWrites': [],
			userId: ['id', 'list'],
			teamId: ['id', 'list'],
			simplify: [],
			includeInboxes: [],
			includeTeams: [],
			returnAll: [],
			limit: [],
			filters: [],
			'filters.email': [],
			'filters.mailbox': [],
		};
		const pinnedTrigger: Record<string, string[]> = {
			event: ['newUser'],
			simplify: [],
			includeInboxes: [],
			includeTeams: [],
			filters: [],
			'filters.mailbox': [],
			'filters.role': ['admin', 'light user', 'owner', 'user'],
		};
		for (const [properties, names] of [
			[description.properties, pinned],
			[trigger.properties, pinnedTrigger],
		] as const) {
			const stored = storedNames(properties);
			for (const [name, values] of Object.entries(names)) {
				expect([name, stored[name]]).toEqual([name, expect.arrayContaining(values)]);
			}
		}
	});

	it("says Inbox and Administrator, as Help Scout's UI does, in every label, hint and action", () => {
		const texts: string[] = [];
		for (const properties of [description.properties, trigger.properties]) {
			walk(properties, (property) => {
				texts.push(property.displayName, property.description ?? '', property.hint ?? '', String(property.placeholder ?? ''));
				for (const option of property.options ?? []) {
					if ('value' in option) texts.push(option.name, option.description ?? '', option.action ?? '');
					if ('values' in option) texts.push(option.displayName);
				}
			});
		}
		const words = texts.join('\n');
		expect(words).toMatch(/\bInbox\b/);
		expect(words).toMatch(/\bAdministrator\b/);
		expect(words).not.toMatch(/\bmailbox(es)?\b/i);
		expect(words).not.toMatch(/\bAdmins?\b/);
	});

	it('groups the sending settings in Retries and Limits, with Writes per 5 Seconds on writes only', () => {
		const groups = description.properties.filter((property) => property.name === 'retriesAndLimits');
		const fieldsFor = (operation: string) =>
			groups
				.find((group) => group.displayOptions?.show?.operation?.includes(operation))!
				.options!.map((field) => (field as INodeProperties).name);
		for (const write of ['create', 'setStatus', 'handOverConversations']) {
			expect(fieldsFor(write)).toEqual(['concurrency', 'maxAttempts', 'maxWaitSeconds', 'timeoutSeconds', 'burstWrites']);
		}
		for (const read of ['get', 'getAll', 'getMe', 'getStatus', 'getMembers']) {
			expect(fieldsFor(read)).toEqual(['concurrency', 'maxAttempts', 'maxWaitSeconds', 'timeoutSeconds']);
		}
		expect(groups.every((group) => group.type === 'collection' && group.displayName === 'Retries and Limits')).toBe(true);
	});

	it('keeps the sending settings under Options for version 1 nodes only, the version saved workflows have', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const legacy: INodeProperties[] = [];
		for (const options of description.properties.filter((property) => property.name === 'options')) {
			if (options.displayOptions?.show?.['@version']) legacy.push(options);
			else legacy.push(...(options.options as INodeProperties[]).filter((field) => field.displayOptions));
		}
		expect(legacy.map((field) => field.displayOptions?.show?.['@version'])).toEqual(legacy.map(() => [1]));
		const createOptions = description.properties.find(
			(property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes('create'),
		)!;
		const current = (createOptions.options as INodeProperties[]).filter((field) => !field.displayOptions);
		expect(current.map((field) => field.name)).toEqual(['ifUserExists', 'returnFullUser']);
	});

	it('sorts every list of options by name, and words booleans as "Whether …"', () => {
		walk(description.properties, (property) => {
			if (property.type === 'boolean' && property.description) expect(property.description).toMatch(/^Whether /);
			if (property.type === 'options' && Array.isArray(property.options) && property.name !== 'operation') {
				const names = property.options.map((option) => (option as INodePropertyOptions).name);
				expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			}
		});
	});

	it("shows the same defaults the transport uses (n8n's lint wants literals in the UI)", () => {
		const defaults = Object.fromEntries(sendingOptionFields.map((field) => [field.name, field.default]));
		expect(defaults).toEqual({
			concurrency: DEFAULT_CONCURRENCY,
			maxAttempts: DEFAULT_SENDING_POLICY.maxAttempts,
			maxWaitSeconds: DEFAULT_SENDING_POLICY.maxWaitMs / 1000,
			timeoutSeconds: DEFAULT_SENDING_POLICY.timeoutMs / 1000,
			burstWrites: DEFAULT_SENDING_POLICY.burstWrites,
		});
	});

	it('has its icons and codex file beside it', () => {
		const dir = path.join(root, 'nodes', 'HelpScoutUsers');
		expect(existsSync(path.join(dir, 'helpScoutUsers.svg'))).toBe(true);
		expect(existsSync(path.join(dir, 'helpScoutUsers.dark.svg'))).toBe(true);
		const codex = JSON.parse(readFileSync(path.join(dir, 'HelpScoutUsers.node.json'), 'utf8'));
		expect(codex.node).toBe('n8n-nodes-helpscout-users.helpScoutUsers');
	});
});

describe('the credential and the README', () => {
	const credential = new HelpScoutUsersOAuth2Api();

	it("shows how Help Scout's My Apps page names the client ID and secret", () => {
		expect(credential.properties).toContainEqual(
			expect.objectContaining({ type: 'notice', displayName: 'App ID -> Client ID, App Secret -> Client Secret' }),
		);
	});

	it("agree that Light Users cannot use Help Scout's API", () => {
		const lightUser = credential.test!.rules!.find(
			(rule) => rule.type === 'responseSuccessBody' && rule.properties.value === 'light user',
		)!;
		expect(lightUser.properties.message).toMatch(/Light Users cannot use Help Scout's API/);
		expect(readme).toMatch(/Light Users cannot use[\s\S]{0,20}API/);
		expect(readme).not.toMatch(/Light User[^.]*can read users/);
	});
});

describe('example workflows', () => {
	it.each([
		['new-hire-to-help-scout.json', 'n8n-nodes-helpscout-users.helpScoutUsers'],
		['audit-new-help-scout-users.json', 'n8n-nodes-helpscout-users.helpScoutUsersTrigger'],
		['offboard-help-scout-user.json', 'n8n-nodes-helpscout-users.helpScoutUsers'],
		['access-review.json', 'n8n-nodes-helpscout-users.helpScoutUsers'],
		['seat-review.json', 'n8n-nodes-helpscout-users.helpScoutUsers'],
	])('%s has the top-level id that `n8n import:workflow` needs, and uses %s', (file, type) => {
		const example = JSON.parse(readFileSync(path.join(root, 'examples', file), 'utf8'));
		expect(example.id).toMatch(/^[A-Za-z0-9]{1,36}$/);
		expect(example.nodes.some((node: { type: string }) => node.type === type)).toBe(true);
	});

	it('new-hire-to-help-scout.json has the Help Scout Users node of the version a new node gets', () => {
		const example = JSON.parse(readFileSync(path.join(root, 'examples', 'new-hire-to-help-scout.json'), 'utf8'));
		const node = example.nodes.find((candidate: { type: string }) => candidate.type.endsWith('.helpScoutUsers'));
		expect(node.typeVersion).toBe(description.defaultVersion);
	});

	it.each(readdirSync(path.join(root, 'examples')).filter((file) => file.endsWith('.json')))(
		'%s gives its Help Scout nodes only parameters and values the node has, at the version a new node gets',
		(file) => {
			const example = JSON.parse(readFileSync(path.join(root, 'examples', file), 'utf8')) as {
				nodes: Array<{ name: string; type: string; typeVersion: number; parameters: Record<string, unknown> }>;
			};
			const ours = { helpScoutUsers: description, helpScoutUsersTrigger: trigger };
			const found = example.nodes.filter((node) => node.type.split('.')[1] in ours);
			expect(found.length).toBeGreaterThan(0);
			for (const node of found) {
				const nodeDescription = ours[node.type.split('.')[1] as keyof typeof ours];
				expect([node.name, node.typeVersion]).toEqual([node.name, nodeDescription.defaultVersion ?? nodeDescription.version]);
				const stored = storedNames(nodeDescription.properties);
				// n8n gives every polling node its Poll Times itself; the description does not list it.
				for (const [name, value] of parameterPaths(node.parameters).filter(([name]) => !name.startsWith('pollTimes.'))) {
					expect([node.name, name, stored[name] !== undefined]).toEqual([node.name, name, true]);
					const values = (Array.isArray(value) ? value : [value]).flatMap((one) =>
						one && typeof one === 'object' && '__rl' in one ? [(one as { mode: string }).mode] : typeof one === 'string' && !one.startsWith('=') ? [one] : [],
					);
					if (stored[name].length) expect([node.name, name, values]).toEqual([node.name, name, values.filter((one) => stored[name].includes(one))]);
				}
			}
		},
	);
});

describe('GitHub workflows', () => {
	const workflow = (name: string) =>
		parseYaml(readFileSync(path.join(root, '.github', 'workflows', name), 'utf8')) as {
			on: Record<string, unknown>;
			permissions?: Record<string, string>;
			jobs: Record<string, { steps: Array<{ run?: string; uses?: string }> }>;
		};
	const runs = (parsed: ReturnType<typeof workflow>) =>
		Object.values(parsed.jobs).flatMap((job) => job.steps.map((step) => step.run ?? step.uses ?? ''));

	it('CI runs .ci/run on pushes and pull requests', () => {
		const ci = workflow('ci.yml');
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(runs(ci).some((run) => /bash \.ci\/run$/.test(run))).toBe(true);
	});

	it('publishes on a version tag with provenance, after the tests and a build', () => {
		const publish = workflow('publish.yml');
		expect(publish.on).toEqual({ push: { tags: ['v*'] } });
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const steps = runs(publish);
		const at = (pattern: RegExp) => steps.findIndex((run) => pattern.test(run));
		expect(at(/^npm publish --provenance/)).toBeGreaterThan(at(/^npm run build$/));
		expect(at(/^npm run build$/)).toBeGreaterThan(at(/^npm test$/));
		expect(at(/^npm test$/)).toBeGreaterThan(at(/^npm ci$/));
		expect(at(/^npm ci$/)).toBeGreaterThanOrEqual(0);
	});
});
