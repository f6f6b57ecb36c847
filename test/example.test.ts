/**
 * The example workflow as `npm run demo` runs it: the file itself, from its "Try It With a Sample
 * Hire" trigger, through n8n's engine, with its credential served by the stand-in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { HelpScoutUsers } from '../nodes/HelpScoutUsers/HelpScoutUsers.node';
import { NODE_TYPE } from './fixtures/workflows';
import { BUILT_IN_NODES } from './helpers/builtInNodes';
import { nodeTypesOf, runWorkflow } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();
const example = JSON.parse(
	readFileSync(path.join(__dirname, '..', 'examples', 'new-hire-to-help-scout.json'), 'utf8'),
) as IWorkflowBase;
const types = nodeTypesOf({ ...BUILT_IN_NODES, [NODE_TYPE]: () => new HelpScoutUsers() });

describe('the new-hire example', () => {
	it('creates the sample hire from its Try It trigger, and outputs the user as created', async () => {
		const usersBefore = fake.users.length;
		const run = await runWorkflow({ workflowData: example, startNode: 'Try It With a Sample Hire', credentials: clientCredentials(), types });

		expect(run.data.resultData.error).toBeUndefined();
		const [ada] = fake.usersWithEmail('ada.lovelace@example.com');
		expect(fake.users).toHaveLength(usersBefore + 1);
		expect(run.data.resultData.runData['Create Help Scout User'][0].data?.main[0]).toEqual([
			{ json: { id: ada.id, location: `https://api.helpscout.net/v2/users/${ada.id}`, created: true }, pairedItem: { item: 0 } },
		]);
		const [post] = fake.apiRequests('POST');
		expect(post.path).toBe('/v2/users');
		expect(post.headers.authorization).toMatch(/^Bearer /);
		expect(post.body).toEqual({
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada.lovelace@example.com',
			role: 'user',
			sendInvite: true,
			mailboxes: [{ id: 1, emailAccess: true }],
		});
		// The form branch did not run: only the Try It branch did.
		expect(Object.keys(run.data.resultData.runData).sort()).toEqual(['Create Help Scout User', 'Sample New Hire', 'Try It With a Sample Hire']);
	});
});
