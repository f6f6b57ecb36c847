/**
 * `npm run demo:n8n`: the example workflow (examples/new-hire-to-help-scout.json) run in a real
 * n8n (installed into .cache/ on first use) against the embedded Help Scout sandbox, the package
 * installed as a community package. No Help Scout account needed; nothing leaves the machine.
 * Prints the new user's id and location, as `npm run demo` does from n8n's engine alone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { TEST_CA_FILE } from '../test/stand-in';
import { sandboxCredential, startSandbox } from '../test/stand-in/sandbox';
import { printCreatedUser } from './lib/demoReport';
import { ensureRuntime, log, N8N_VERSION, N8nInstance, nodeOutput, packPackage, ROOT } from './lib/n8n';

async function main() {
	ensureRuntime();
	const tarball = packPackage();
	const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'new-hire-to-help-scout.json'), 'utf8'));

	const { sandbox, proxyUrl } = await startSandbox();
	// Ports of its own (n8n's task broker takes the next one): n8n or `npm run dev` may hold 5678.
	const n8n = new N8nInstance({ name: 'demo-n8n', proxyUrl, caFile: TEST_CA_FILE, port: 5750 });
	try {
		log('Installing the package into n8n as a community package ...');
		n8n.reset(tarball);
		log('Importing the sandbox credential and the example workflow ...');
		await n8n.importCredentials([sandboxCredential]);
		// Imported as the file is, as `n8n import:workflow --input=examples/new-hire-to-help-scout.json` would.
		await n8n.importWorkflow(example);

		log(`Running "${example.name}" from its "Try It With a Sample Hire" trigger ...`);
		const result = await n8n.execute(example.id);
		const error = result.data.resultData.error;
		if (error) throw new Error(`the workflow failed: ${error.message}`);
		const [user] = nodeOutput(result, 'Create Help Scout User');
		printCreatedUser(`n8n ${N8N_VERSION}`, user, sandbox);
	} finally {
		await sandbox.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`demo:n8n failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
