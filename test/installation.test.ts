/**
 * The README's Installation: its two `docker compose` files parse (with the `yaml` library, as
 * Docker Compose reads YAML) and hold what this package needs of every n8n process. No Docker
 * engine runs here; this checks the files' shape, not a running stack.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const installation = readme.slice(readme.indexOf('## Installation\n'), readme.indexOf('## Credentials\n'));

interface Service {
	image?: string;
	command?: string;
	environment?: string[];
	volumes?: string[];
	depends_on?: Record<string, unknown>;
}
interface ComposeFile {
	services: Record<string, Service>;
	volumes?: Record<string, unknown>;
}

/** Every ```yaml block of the section, parsed with its anchors and merge keys resolved. */
const composeFiles = [...installation.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
	([, text]) => parseYaml(text, { merge: true }) as ComposeFile,
);
const [single, queue] = composeFiles;

const n8nServices = (file: ComposeFile) =>
	Object.entries(file.services).filter(([, service]) => service.image?.startsWith('docker.n8n.io/n8nio/n8n:'));

function environment(service: Service): Record<string, string> {
	return Object.fromEntries((service.environment ?? []).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

const testedVersion = /Tested on \*\*n8n (\d+\.\d+\.\d+)\*\*/.exec(installation)?.[1];

describe("the README's docker compose files", () => {
	it('are two: one n8n, and queue mode', () => {
		expect(composeFiles).toHaveLength(2);
		expect(n8nServices(single).map(([name]) => name)).toEqual(['n8n']);
		expect(n8nServices(queue).map(([name]) => name)).toEqual(['n8n', 'n8n-worker']);
	});

	it.each([
		['one n8n', () => single],
		['queue mode', () => queue],
	])('%s: every n8n process allows unverified packages, keeps its data in a declared volume and runs the tested n8n', (_name, file) => {
		for (const [, service] of n8nServices(file())) {
			const env = environment(service);
			expect(env.N8N_UNVERIFIED_PACKAGES_ENABLED).toBe('true');
			expect(env.N8N_ENCRYPTION_KEY).toBe('${N8N_ENCRYPTION_KEY}');
			const dataVolume = service.volumes?.find((volume) => volume.endsWith(':/home/node/.n8n'));
			expect(dataVolume).toBeDefined();
			expect(Object.keys(file().volumes ?? {})).toContain(dataVolume!.split(':')[0]);
			expect(service.image).toBe(`docker.n8n.io/n8nio/n8n:\${N8N_VERSION:-${testedVersion}}`);
		}
	});

	it('queue mode: a main and a worker on the same Redis and PostgreSQL, both services of the file', () => {
		const [[, main], [, worker]] = n8nServices(queue);
		expect(worker.command).toBe('worker');
		expect(main.command).toBeUndefined();
		for (const service of [main, worker]) {
			const env = environment(service);
			expect(env).toMatchObject({ EXECUTIONS_MODE: 'queue', DB_TYPE: 'postgresdb', N8N_REINSTALL_MISSING_PACKAGES: 'true' });
			expect(queue.services[env.QUEUE_BULL_REDIS_HOST]?.image).toMatch(/^redis:/);
			expect(queue.services[env.DB_POSTGRESDB_HOST]?.image).toMatch(/^postgres:/);
			expect(Object.keys(service.depends_on ?? {}).sort()).toEqual([env.DB_POSTGRESDB_HOST, env.QUEUE_BULL_REDIS_HOST].sort());
		}
		const postgres = environment(queue.services.postgres);
		const n8nDb = environment(main);
		expect([n8nDb.DB_POSTGRESDB_USER, n8nDb.DB_POSTGRESDB_PASSWORD, n8nDb.DB_POSTGRESDB_DATABASE]).toEqual([
			postgres.POSTGRES_USER,
			postgres.POSTGRES_PASSWORD,
			postgres.POSTGRES_DB,
		]);
	});

	it('the README says where to set N8N_UNVERIFIED_PACKAGES_ENABLED: editor, Docker, queue mode, environment variables', () => {
		const mentions = installation.split('N8N_UNVERIFIED_PACKAGES_ENABLED').length - 1;
		expect(mentions).toBeGreaterThanOrEqual(5);
		expect(installation).toMatch(/N8N_COMMUNITY_PACKAGES='\[[^\n]*\nN8N_UNVERIFIED_PACKAGES_ENABLED=true/);
	});
});
