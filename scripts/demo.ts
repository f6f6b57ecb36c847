/**
 * `npm run demo`: the example workflow (examples/new-hire-to-help-scout.json) from its "Try It
 * With a Sample Hire" trigger, through n8n's workflow engine (n8n-core and n8n-workflow from the
 * dev dependencies, as `npm test` runs the node) against the embedded Help Scout sandbox: nothing
 * to install after `npm ci`, nothing leaves the machine. Prints the new user's id and location.
 * `npm run demo:n8n` runs the same workflow in a real n8n, the package installed as users get it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IWorkflowBase } from 'n8n-workflow';

import { HelpScoutUsers } from '../nodes/HelpScoutUsers/HelpScoutUsers.node';
import { NODE_TYPE } from '../test/fixtures/workflows';
import { nodeTypesOf, runWorkflow, TestCredentialsHelper } from '../test/helpers/engine';
import { sandboxCredential, startSandbox } from '../test/stand-in/sandbox';
import { BUILT_IN_NODES } from '../test/helpers/builtInNodes';
import { printCreatedUser } from './lib/demoReport';
import { log, ROOT } from './lib/n8n';

const TRY_IT = 'Try It With a Sample Hire';
const CREATE_STEP = 'Create Help Scout User';

async function main() {
	const started = Date.now();
	// Node reads the CA only when it starts: n8n's HTTP client must trust the sandbox's test certificate.
	if (!process.env.NODE_EXTRA_CA_CERTS) throw new Error('run it with `npm run demo`: it sets NODE_EXTRA_CA_CERTS to the test CA');
	const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'new-hire-to-help-scout.json'), 'utf8')) as IWorkflowBase;
	const engine = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'n8n-core', 'package.json'), 'utf8')).version as string;

	const { sandbox, proxyUrl } = await startSandbox();
	// n8n's HTTP client reaches api.helpscout.net through HTTPS_PROXY: here, the sandbox.
	process.env.HTTPS_PROXY = proxyUrl;
	delete process.env.NO_PROXY;
	delete process.env.no_proxy;
	try {
		log(`Running "${example.name}" from its "${TRY_IT}" trigger in n8n's engine (n8n-core ${engine}) ...`);
		const run = await runWorkflow({
			workflowData: example,
			startNode: TRY_IT,
			credentials: new TestCredentialsHelper(sandboxCredential.data),
			types: nodeTypesOf({ ...BUILT_IN_NODES, [NODE_TYPE]: () => new HelpScoutUsers() }),
		});
		const error = run.data.resultData.error;
		if (error) throw new Error(`the workflow failed: ${error.message}`);
		const user = run.data.resultData.runData[CREATE_STEP]?.[0]?.data?.main?.[0]?.[0]?.json;
		if (!user) throw new Error(`"${CREATE_STEP}" output nothing`);
		printCreatedUser(`n8n's engine (n8n-core ${engine})`, user, sandbox);
		log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s. The same workflow in a real n8n: npm run demo:n8n`);
	} finally {
		await sandbox.stop();
	}
}

main()
	// n8n-core's sweeps (started by the first node run) belong to a long-running n8n: do not wait on them.
	.then(() => process.exit(0))
	.catch((error) => {
		process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	});
