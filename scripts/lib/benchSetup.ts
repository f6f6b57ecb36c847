/** The workflows, items and credentials the benchmark feeds to both contenders. */
import { NODE_TYPE } from './n8n';

export const LATENCY_MS = 50;
export const CLIENT_ID = 'bench-app';
export const CLIENT_SECRET = 'bench-secret';

export type Contender = 'node' | 'http' | 'httpRetry';

/** Create User with the items' fields and the defaults otherwise, as the bench runs it. */
export const createUserNode = {
	type: NODE_TYPE,
	typeVersion: 1,
	parameters: {
		resource: 'user',
		operation: 'create',
		firstName: '={{ $json.firstName }}',
		lastName: '={{ $json.lastName }}',
		email: '={{ $json.email }}',
		role: 'user',
		options: {},
	},
	credentials: { helpScoutUsersOAuth2Api: { id: 'benchHelpScout', name: 'benchHelpScout' } },
};

export function hires(count: number, prefix: string) {
	return Array.from({ length: count }, (_, n) => ({
		firstName: 'Bench',
		lastName: `Hire${n}`,
		email: `${prefix}-${n}@example.com`,
	}));
}

/** Manual trigger → the items → the contender, as a user would build it. */
export function benchWorkflow(id: string, contender: Contender, items: ReturnType<typeof hires>) {
	const contenderNode =
		contender === 'node'
			? createUserNode
			: {
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					parameters: {
						method: 'POST',
						url: 'https://api.helpscout.net/v2/users',
						authentication: 'genericCredentialType',
						genericAuthType: 'oAuth2Api',
						sendBody: true,
						specifyBody: 'json',
						jsonBody:
							'={{ JSON.stringify({ firstName: $json.firstName, lastName: $json.lastName, email: $json.email, role: "user" }) }}',
						options: {},
					},
					credentials: { oAuth2Api: { id: 'benchGenericOAuth2', name: 'benchGenericOAuth2' } },
					...(contender === 'httpRetry' ? { retryOnFail: true } : {}),
				};
	const nodes = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'items',
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ hires: items }), options: {} },
		},
		{
			id: 'split',
			name: 'One Item per Hire',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
			parameters: { fieldToSplitOut: 'hires', include: 'noOtherFields', options: {} },
		},
		{ id: 'contender', name: 'Contender', position: [600, 0], ...contenderNode },
	];
	const chain = nodes.map((node) => node.name);
	return {
		id,
		name: id,
		nodes,
		connections: Object.fromEntries(
			chain.slice(0, -1).map((name, index) => [name, { main: [[{ node: chain[index + 1], type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

export const benchCredentials = [
	{
		id: 'benchHelpScout',
		name: 'benchHelpScout',
		type: 'helpScoutUsersOAuth2Api',
		data: { grantType: 'clientCredentials', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
	},
	{
		// What a user of the HTTP Request node would set up: n8n's generic OAuth2 credential.
		id: 'benchGenericOAuth2',
		name: 'benchGenericOAuth2',
		type: 'oAuth2Api',
		data: {
			grantType: 'clientCredentials',
			accessTokenUrl: 'https://api.helpscout.net/v2/oauth2/token',
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			scope: '',
			authentication: 'body',
		},
	},
];
