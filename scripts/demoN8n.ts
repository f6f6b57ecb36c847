/**
 * `npm run demo`: the example workflow (examples/new-hire-to-help-scout.json) run in a real n8n
 * against the embedded Help Scout sandbox. No Help Scout account needed; nothing leaves the
 * machine. Prints the new user's id and location.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { TEST_CA_FILE } from '../test/stand-in';
import { sandboxCredential, startSandbox } from '../test/stand-in/sandbox';
import { ensureRuntime, log, N8nInstance, nodeOutput, packPackage, ROOT } from './lib/n8n';

async function main() {
	ensureRuntime();
	const tarball = packPackage();
	const example = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'new-hire-to-help-scout.json'), 'utf8'));

	const { sandbox, proxyUrl } = await startSandbox();
	// Ports of its own (n8n's task broker takes the next one): n8n or `npm run dev` may hold 5678.
	const n8n = new N8nInstance({ name: 'demo', proxyUrl, caFile: TEST_CA_FILE, port: 5750 });
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
		const [stored] = sandbox.usersWithEmail('ada.lovelace@example.com');

		process.stdout.write(
			[
				'',
				'Help Scout user created by n8n (sandbox):',
				`  id:       ${String(user.id)}`,
				`  location: ${String(user.location)}`,
				`  created:  ${String(user.created)}`,
				`  sandbox:  ${stored.firstName} ${stored.lastName} <${stored.email}>, role ${stored.role}, inboxes ${stored.mailboxes
					.map((mailbox) => mailbox.id)
					.join(', ')}`,
				'',
			].join('\n'),
		);
	} finally {
		await sandbox.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
