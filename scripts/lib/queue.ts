/**
 * Benchmark scenario E: n8n in queue mode as n8n recommends it (a main process, workers, Redis
 * and a shared PostgreSQL, both from Debian's packages, installed beforehand), ten webhook
 * executions of 30 new hires each started at once against the rate-limited stand-in.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { chainWorkflow } from '../../test/fixtures/workflows';
import type { FakeHelpScout } from '../../test/stand-in';
import { benchCredentials, createUserStep } from './benchSetup';
import { log, N8nInstance } from './n8n';

const REDIS_PORT = 6391;
const PG_PORT = 5441;
const EXECUTIONS = 10;
const ITEMS = 30;

export interface QueueFigures {
	items: number;
	wallMs: number;
	succeeded: number;
	created: number;
	failed: number;
	duplicates: number;
	rateLimited: number;
	rateLimitedByBurst: number;
}

/** True when this machine has what queue mode needs; otherwise says how to install it. */
export function queueModeAvailable(): boolean {
	if (existsSync('/usr/bin/redis-server') && existsSync('/usr/lib/postgresql')) return true;
	log(
		'Skipping queue mode: it needs Redis and PostgreSQL (n8n queue mode with a shared database). ' +
			'On Debian or Ubuntu: sudo apt-get install redis-server postgresql',
	);
	return false;
}

function postgresBin(name: string): string {
	const versions = execFileSync('ls', ['/usr/lib/postgresql'], { encoding: 'utf8' }).trim().split('\n');
	return path.join('/usr/lib/postgresql', versions[versions.length - 1], 'bin', name);
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		try {
			if (await check()) return;
		} catch {
			// Not yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`${what} was not ready in ${ms / 1000} s`);
}

/** PostgreSQL refuses to run as root: its own folder, owned by the postgres user, on loopback. */
async function startPostgres(dataDir: string): Promise<ChildProcess> {
	rmSync(dataDir, { recursive: true, force: true });
	mkdirSync(dataDir, { recursive: true });
	execFileSync('chown', ['postgres:postgres', dataDir]);
	execFileSync('runuser', ['-u', 'postgres', '--', postgresBin('initdb'), '-D', dataDir, '--auth=trust', '-U', 'postgres'], {
		stdio: 'ignore',
	});
	const server = spawn(
		'runuser',
		['-u', 'postgres', '--', postgresBin('postgres'), '-D', dataDir, '-p', String(PG_PORT), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1'],
		{ stdio: 'ignore' },
	);
	await waitFor(() => {
		execFileSync(postgresBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(PG_PORT)], { stdio: 'ignore' });
		return true;
	}, 'PostgreSQL');
	execFileSync(postgresBin('createdb'), ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres', 'n8n']);
	return server;
}

function psql(query: string): string {
	return execFileSync(postgresBin('psql'), ['-h', '127.0.0.1', '-p', String(PG_PORT), '-U', 'postgres', '-d', 'n8n', '-At', '-c', query], {
		encoding: 'utf8',
	}).trim();
}

function queueWorkflow() {
	return chainWorkflow('benchQueue', [
		{
			name: 'New Hires',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: '5b3f6d2e-4a1c-4e8b-9f7a-2c6d8e0b1a39',
			parameters: { httpMethod: 'POST', path: 'bench-hires', responseMode: 'onReceived', options: {} },
		},
		{
			name: 'One Item per Hire',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.hires', include: 'noOtherFields', options: {} },
		},
		{ ...createUserStep, name: 'Create User' },
	]);
}

export async function runQueueScenario(options: {
	fake: FakeHelpScout;
	tarball: string;
	caFile: string;
	proxyUrl: string;
}): Promise<QueueFigures> {
	const dataDir = path.join('/tmp', 'n8n-helpscout-bench-pg');
	const postgres = await startPostgres(dataDir);
	const redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore',
	});
	const queueEnv = {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(PG_PORT),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(REDIS_PORT),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
	const main = new N8nInstance({
		name: 'bench-queue',
		proxyUrl: options.proxyUrl,
		caFile: options.caFile,
		port: 5710,
		extraEnv: queueEnv,
	});
	const workers = [5720, 5730].map(
		(port) =>
			new N8nInstance({
				name: 'bench-queue',
				proxyUrl: options.proxyUrl,
				caFile: options.caFile,
				port,
				extraEnv: { ...queueEnv, QUEUE_HEALTH_CHECK_PORT: String(port) },
			}),
	);
	try {
		main.reset(options.tarball);
		await main.importCredentials(benchCredentials);
		await main.importWorkflow(queueWorkflow());
		await main.cli(['publish:workflow', '--id=benchQueue']);
		await main.start();
		for (const worker of workers) {
			await worker.start(['worker', '--concurrency=10'], `http://127.0.0.1:${worker.env.N8N_PORT}/healthz/readiness`);
		}
		log('  main and 2 workers up; starting 10 executions at once ...');

		const before = options.fake.users.length;
		const rateLimitedBefore = options.fake.rateLimited;
		const burstBefore = options.fake.rateLimitedByBurst;
		// createdAt has whole seconds, as Help Scout's: the stand-in's hook gives the moment.
		let lastCreatedAt = 0;
		options.fake.onCreated = () => (lastCreatedAt = Date.now());
		const started = Date.now();
		const bodies = Array.from({ length: EXECUTIONS }, (_, execution) => ({
			hires: Array.from({ length: ITEMS }, (_, n) => ({
				firstName: 'Queue',
				lastName: `Hire${execution}-${n}`,
				email: `queue-${execution}-${n}@example.com`,
			})),
		}));
		await Promise.all(
			bodies.map(async (body) => {
				const response = await fetch(`${main.baseUrl}/webhook/bench-hires`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
			}),
		);
		const finished = () =>
			Number(psql("SELECT count(*) FROM execution_entity WHERE status IN ('success', 'error', 'crashed', 'canceled')"));
		await waitFor(() => finished() >= EXECUTIONS, 'the 10 executions', 300_000);
		const mine = options.fake.users.slice(before).filter((user) => user.email.startsWith('queue-'));
		options.fake.onCreated = undefined;
		const emails = new Set(mine.map((user) => user.email));
		return {
			items: EXECUTIONS * ITEMS,
			wallMs: lastCreatedAt - started,
			succeeded: Number(psql("SELECT count(*) FROM execution_entity WHERE status = 'success'")),
			created: emails.size,
			failed: EXECUTIONS * ITEMS - emails.size,
			duplicates: mine.length - emails.size,
			rateLimited: options.fake.rateLimited - rateLimitedBefore,
			rateLimitedByBurst: options.fake.rateLimitedByBurst - burstBefore,
		};
	} finally {
		for (const worker of workers) await worker.stop();
		await main.stop();
		redis.kill('SIGTERM');
		execFileSync('runuser', ['-u', 'postgres', '--', postgresBin('pg_ctl'), '-D', dataDir, 'stop', '-m', 'fast'], { stdio: 'ignore' });
		postgres.kill('SIGTERM');
	}
}
