/**
 * Benchmark scenario E: n8n in queue mode as n8n recommends it (a main process, workers, Redis
 * and a shared PostgreSQL, both from Debian's packages, installed beforehand), against the
 * rate-limited stand-in: 2 and then 4 workers, each run at concurrency 1 so that executions started
 * at once land one per worker, which makes the share of each worker a choice of the bench:
 * balanced (300 creates split evenly) and unbalanced (one worker 60 creates, each other 10), then
 * the same hire sent twice at once, its two copies on two workers.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { chainWorkflow } from '../../test/fixtures/workflows';
import type { FakeHelpScout, RateLimit } from '../../test/stand-in';
import { benchCredentials, createUserStep, LATENCY_MS, minimumMs } from './benchSetup';
import { log, N8nInstance } from './n8n';

const REDIS_PORT = 6391;
const PG_PORT = 5441;
const MAIN_PORT = 5710;
/**
 * Worker n listens (health check) on 5800 + 10n; its task broker port is one above. Apart from the
 * e2e's (5678, 5740), the demo's (5750) and the editor test's ports, so that they run side by side.
 */
const WORKER_PORT = 5800;
/** Workers started side by side on a busy 2-core machine have needed more than 120 s. */
const WORKER_READY_MS = 420_000;
/** The package's keys in the queue's Redis (n8n's default prefix `bull`). */
const PACKAGE_KEYS = 'bull:n8n-nodes-helpscout-users:*';

/** One run: the creates of each execution, started at once, one execution per worker. */
interface QueueRun {
	shape: 'balanced' | 'unbalanced';
	sizes: number[];
}

const RUNS: Record<number, QueueRun[]> = {
	2: [
		{ shape: 'balanced', sizes: [150, 150] },
		{ shape: 'unbalanced', sizes: [60, 10] },
	],
	4: [
		{ shape: 'balanced', sizes: [75, 75, 75, 75] },
		{ shape: 'unbalanced', sizes: [60, 10, 10, 10] },
	],
};

export interface QueueFigures {
	workers: number;
	shape: QueueRun['shape'];
	sizes: number[];
	items: number;
	wallMs: number;
	minimumMs: number;
	/** Executions each worker started, from the workers' own log: one each when the shape held. */
	perWorker: number[];
	/** Times a worker fell back to its own state because Redis failed (n8n's log). */
	redisFallbacks: number;
	succeeded: number;
	executions: number;
	created: number;
	failed: number;
	duplicates: number;
	rateLimited: number;
	rateLimitedByBurst: number;
}

/** The same hire sent twice at once: what each copy's Create answered, and on which worker. */
export interface TwiceFigures {
	workers: number;
	/** Both copies' first POST cut off after Help Scout acted: each must then tell whose user it is. */
	cutOff: boolean;
	perWorker: number[];
	createdTrue: number;
	createdFalse: number;
	usersCreated: number;
	/** How far apart the two copies' POSTs reached Help Scout, ms: the claims matter when they overlap. */
	postsApartMs: number[];
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

const hiresWebhook = {
	name: 'New Hires',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: '5b3f6d2e-4a1c-4e8b-9f7a-2c6d8e0b1a39',
	parameters: { httpMethod: 'POST', path: 'bench-hires', responseMode: 'onReceived', options: {} },
};
const oneItemPerHire = {
	name: 'One Item per Hire',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: 'body.hires', include: 'noOtherFields', options: {} },
};

function queueWorkflow() {
	return chainWorkflow('benchQueue', [hiresWebhook, oneItemPerHire, { ...createUserStep, name: 'Create User' }]);
}

/** An HR system's call that waits for Create's answer (the last node's items), If User Exists: Return Existing. */
function twiceWorkflow() {
	return chainWorkflow('benchQueueTwice', [
		{
			...hiresWebhook,
			webhookId: '8c1e4f7a-2b3d-4c5e-9a6f-7d8e9f0a1b2c',
			parameters: { httpMethod: 'POST', path: 'bench-hire-twice', responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		oneItemPerHire,
		{
			...createUserStep,
			name: 'Create User',
			parameters: { ...createUserStep.parameters, options: { ifUserExists: 'returnExisting' } },
		},
	]);
}

/** A worker and the executions its log says it started. */
class Worker {
	readonly n8n: N8nInstance;
	started = 0;
	/** Times the node said in this worker's log that Redis failed and it kept the state in the process. */
	fellBack = 0;

	constructor(index: number, common: ConstructorParameters<typeof N8nInstance>[0]) {
		const port = WORKER_PORT + 10 * index;
		this.n8n = new N8nInstance({
			...common,
			port,
			extraEnv: { ...common.extraEnv, QUEUE_HEALTH_CHECK_PORT: String(port), N8N_LOG_LEVEL: 'info' },
		});
	}

	async start(): Promise<void> {
		const server = await this.n8n.start(
			['worker', '--concurrency=1'],
			`http://127.0.0.1:${this.n8n.env.N8N_PORT}/healthz/readiness`,
			WORKER_READY_MS,
		);
		server.stdout?.on('data', (chunk: Buffer) => (this.started += (String(chunk).match(/Worker started execution/g) ?? []).length));
		for (const stream of [server.stdout, server.stderr]) {
			stream?.on('data', (chunk: Buffer) => (this.fellBack += (String(chunk).match(/queue-mode Redis failed/g) ?? []).length));
		}
	}
}

/** Each run starts from empty windows, as in scenario A: the stand-in's and the package's keys in Redis. */
function freshAccount(fake: FakeHelpScout, limit: RateLimit): void {
	const keys = execFileSync('redis-cli', ['-p', String(REDIS_PORT), '--scan', '--pattern', PACKAGE_KEYS], { encoding: 'utf8' })
		.split('\n')
		.filter((key) => key !== '');
	if (keys.length > 0) execFileSync('redis-cli', ['-p', String(REDIS_PORT), 'DEL', ...keys], { stdio: 'ignore' });
	fake.rateLimit = limit;
}

async function post(url: string, body: unknown): Promise<unknown> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
	return await response.json();
}

const finishedExecutions = () =>
	Number(psql("SELECT count(*) FROM execution_entity WHERE status IN ('success', 'error', 'crashed', 'canceled')"));
const succeededExecutions = () => Number(psql("SELECT count(*) FROM execution_entity WHERE status = 'success'"));

/** What every run of the scenario shares: the stand-in, its limit, the main process and the workers. */
interface QueueSetUp {
	fake: FakeHelpScout;
	limit: RateLimit;
	main: N8nInstance;
	workers: Worker[];
}

async function measure(
	run: QueueRun,
	tag: string,
	context: QueueSetUp,
): Promise<QueueFigures> {
	const { fake, limit, main, workers } = context;
	freshAccount(fake, limit);
	const items = run.sizes.reduce((sum, size) => sum + size, 0);
	const before = fake.users.length;
	const startedBefore = workers.map((worker) => worker.started);
	const fellBackBefore = workers.reduce((sum, worker) => sum + worker.fellBack, 0);
	const [finishedBefore, succeededBefore] = [finishedExecutions(), succeededExecutions()];
	// createdAt has whole seconds, as Help Scout's: the stand-in's hook gives the moment.
	let lastCreatedAt = 0;
	fake.onCreated = () => (lastCreatedAt = Date.now());
	const started = Date.now();
	await Promise.all(
		run.sizes.map(
			async (size, execution) =>
				await post(`${main.baseUrl}/webhook/bench-hires`, {
					hires: Array.from({ length: size }, (_, n) => ({
						firstName: 'Queue',
						lastName: `Hire${execution}-${n}`,
						email: `queue-${tag}-${execution}-${n}@example.com`,
					})),
				}),
		),
	);
	await waitFor(() => finishedExecutions() - finishedBefore >= run.sizes.length, `the ${run.sizes.length} executions`, 600_000);
	fake.onCreated = undefined;
	const mine = fake.users.slice(before).filter((user) => user.email.startsWith(`queue-${tag}-`));
	const emails = new Set(mine.map((user) => user.email));
	return {
		workers: workers.length,
		shape: run.shape,
		sizes: run.sizes,
		items,
		wallMs: lastCreatedAt - started,
		minimumMs: minimumMs(items, limit, LATENCY_MS),
		perWorker: workers.map((worker, index) => worker.started - startedBefore[index]),
		redisFallbacks: workers.reduce((sum, worker) => sum + worker.fellBack, 0) - fellBackBefore,
		succeeded: succeededExecutions() - succeededBefore,
		executions: run.sizes.length,
		created: emails.size,
		failed: items - emails.size,
		duplicates: mine.length - emails.size,
		rateLimited: fake.rateLimited,
		rateLimitedByBurst: fake.rateLimitedByBurst,
	};
}

/**
 * The same hire in two webhook calls at once: concurrency 1 puts the copies on two workers. Cut off,
 * both first POSTs lose their answer after landing (the second met the duplicate): both copies then
 * meet the user on their retry, within their own request's window, and only a claim shared by the
 * workers keeps one of them from also saying `created: true`.
 */
async function sendTwice(
	tag: string,
	cutOff: boolean,
	context: QueueSetUp,
): Promise<TwiceFigures> {
	const { fake, limit, main, workers } = context;
	freshAccount(fake, limit);
	if (cutOff) fake.inject({ method: 'POST', path: '/v2/users', kind: 'resetAfter', times: 2 });
	const startedBefore = workers.map((worker) => worker.started);
	const postsBefore = fake.apiRequests('POST').length;
	const hire = { firstName: 'Twice', lastName: 'Sent', email: `twice-${tag}${cutOff ? '-cut' : ''}@example.com` };
	const answers = await Promise.all([0, 1].map(async () => (await post(`${main.baseUrl}/webhook/bench-hire-twice`, { hires: [hire] })) as Array<{ created?: boolean }>));
	fake.clearFaults();
	const posts = fake.apiRequests('POST').slice(postsBefore);
	const outcomes = answers.flat().map((item) => item.created);
	return {
		workers: workers.length,
		cutOff,
		perWorker: workers.map((worker, index) => worker.started - startedBefore[index]),
		createdTrue: outcomes.filter((created) => created === true).length,
		createdFalse: outcomes.filter((created) => created === false).length,
		usersCreated: fake.users.filter((user) => user.email === hire.email).length,
		postsApartMs: posts.slice(1).map((request) => request.at - posts[0].at),
	};
}

export async function runQueueScenario(options: {
	fake: FakeHelpScout;
	limit: RateLimit;
	tarball: string;
	caFile: string;
	proxyUrl: string;
}): Promise<{ runs: QueueFigures[]; twice: TwiceFigures[] }> {
	const dataDir = path.join('/tmp', 'n8n-helpscout-bench-pg');
	const postgres = await startPostgres(dataDir);
	const redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: 'ignore',
	});
	const common = {
		name: 'bench-queue',
		proxyUrl: options.proxyUrl,
		caFile: options.caFile,
		extraEnv: {
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
		},
	};
	const main = new N8nInstance({ ...common, port: MAIN_PORT });
	let workers: Worker[] = [];
	const runs: QueueFigures[] = [];
	const twice: TwiceFigures[] = [];
	try {
		main.reset(options.tarball);
		await main.importCredentials(benchCredentials);
		await main.importWorkflow(queueWorkflow());
		await main.importWorkflow(twiceWorkflow());
		await main.cli(['publish:workflow', '--id=benchQueue']);
		await main.cli(['publish:workflow', '--id=benchQueueTwice']);
		await main.start();
		for (const count of [2, 4]) {
			workers = Array.from({ length: count }, (_, index) => new Worker(index, common));
			const starting = Date.now();
			await Promise.all(workers.map(async (worker) => await worker.start()));
			log(`  main and ${count} workers up (the workers in ${Math.round((Date.now() - starting) / 1000)} s)`);
			const context = { ...options, main, workers };
			for (const run of RUNS[count]) {
				log(`  ${count} workers, ${run.shape}: executions of ${run.sizes.join(', ')} creates started at once ...`);
				const figures = await measure(run, `${count}${run.shape}`, context);
				log(
					`    ${(figures.wallMs / 1000).toFixed(1)} s, ${(figures.wallMs / figures.minimumMs).toFixed(2)}x the minimum, ` +
						`${figures.rateLimited} 429s (${figures.rateLimitedByBurst} burst), ${figures.created} created, ` +
						`${figures.duplicates} duplicates, executions per worker ${figures.perWorker.join('/')}, Redis fallbacks ${figures.redisFallbacks}`,
				);
				runs.push(figures);
			}
			for (const cutOff of [false, true]) {
				const sent = await sendTwice(`${count}`, cutOff, context);
				log(
					`  the same hire twice${cutOff ? ', both first answers cut off' : ''}: ${sent.createdTrue} created: true, ` +
						`${sent.createdFalse} created: false, executions per worker ${sent.perWorker.join('/')}, ` +
						`POSTs after the first at +${sent.postsApartMs.join(', +')} ms`,
				);
				twice.push(sent);
			}
			await Promise.all(workers.map(async (worker) => await worker.n8n.stop()));
			workers = [];
		}
		return { runs, twice };
	} finally {
		options.fake.onCreated = undefined;
		await Promise.all(workers.map(async (worker) => await worker.n8n.stop()));
		await main.stop();
		redis.kill('SIGTERM');
		execFileSync('runuser', ['-u', 'postgres', '--', postgresBin('pg_ctl'), '-D', dataDir, 'stop', '-m', 'fast'], { stdio: 'ignore' });
		postgres.kill('SIGTERM');
	}
}
