/**
 * `npm run dev`: the n8n editor on http://127.0.0.1:5678 with this package installed, against
 * the embedded Help Scout sandbox. `npm run dev -- --real` talks to the real Help Scout instead:
 * create a Help Scout Users OAuth2 API credential in the editor with your app's ID and secret.
 */
import { TEST_CA_FILE } from '../test/stand-in';
import { OWNER, sandboxCredential, startSandbox } from '../test/stand-in/sandbox';
import { ensureRuntime, log, N8nInstance, packPackage } from './lib/n8n';

async function main() {
	const real = process.argv.includes('--real');
	ensureRuntime();
	const tarball = packPackage();
	const sandbox = real ? undefined : await startSandbox();
	const n8n = new N8nInstance({
		name: real ? 'dev-real' : 'dev',
		proxyUrl: sandbox?.proxyUrl,
		caFile: sandbox ? TEST_CA_FILE : undefined,
		port: 5678,
	});
	n8n.reset(tarball);
	if (sandbox) await n8n.importCredentials([sandboxCredential]);
	await n8n.start();
	await n8n.setUpOwner(OWNER);
	log(`n8n is ready at ${n8n.baseUrl} — sign in as ${OWNER.email} / ${OWNER.password}`);
	log(sandbox ? 'Help Scout is the embedded sandbox (credential "Help Scout" is ready).' : 'Help Scout is the real one.');
	log('Press Ctrl+C to stop.');
	const stop = async () => {
		await n8n.stop();
		await sandbox?.sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	process.stderr.write(`dev failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
