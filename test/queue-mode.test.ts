/**
 * Queue mode (issue 24): n8n workers are separate processes, and Help Scout's limits, Create's
 * claims and the turns are the account's. Here real child processes (test/helpers/queueWorker.ts)
 * run the node through n8n's engine in queue mode against one real Redis (Debian's redis-server on
 * a free loopback port) and one Help Scout stand-in account, with two credentials (two apps) of it.
 * Runs on n8n 2.x and on n8n 1.x's engine.
 */
import type { IDataObject } from 'n8n-workflow';

import { queueModeRedis } from '../nodes/shared/state/queueModeRedis';
import { createUserParameters } from './fixtures/workflows';
import type { WorkerJob } from './helpers/queueWorker';
import { endWorkers, startWorker } from './helpers/queueWorkers';
import { RedisServer } from './helpers/redisServer';
import { CLIENT_ID, CLIENT_SECRET, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();
const redis = new RedisServer();
const SECOND_CLIENT = 'second-app-of-the-account';
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `done` (a worker process takes seconds to load n8n's engine on a busy machine). */
async function until(done: () => boolean) {
	for (const deadline = Date.now() + 60_000; !done(); await sleep(50)) {
		if (Date.now() > deadline) throw new Error('waited 60 s in vain');
	}
}

// A worker is a new node process that loads n8n's engine: seconds each on a busy machine.
jest.setTimeout(180_000);

beforeAll(async () => await redis.start());
afterAll(async () => await redis.stop());
beforeEach(() => fake.addClient(SECOND_CLIENT, CLIENT_SECRET));
afterEach(() => endWorkers());

let runs = 0;
/** A job for one worker: its own app of the account (`second`), or the first, with a stored token. */
function job(parameters: IDataObject, items: IDataObject[], second = false): WorkerJob {
	const clientId = second ? SECOND_CLIENT : CLIENT_ID;
	const { refresh_token: _none, ...token } = fake.issueTokens(clientId) as Record<string, unknown>;
	return {
		parameters,
		items,
		credential: {
			id: `${second ? 'second' : 'first'}-app-${runs}`,
			data: { grantType: 'clientCredentials', clientId, clientSecret: CLIENT_SECRET, oauthTokenData: token as IDataObject },
		},
	};
}

const hires = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, n) => ({ firstName: 'New', lastName: `Hire ${n}`, email: `${prefix}.${n}@example.com` }));
const create = createUserParameters();
/** Each test its own key prefix, as two n8n installations on one Redis would have. */
const env = () => redis.queueModeEnv(`test${++runs}`);

/** Every key the node left: expiring, under n8n's prefix and the package's name, nothing personal. */
async function expectNothingPersonal(prefix: string) {
	const keys = await redis.keys();
	const mine = Object.keys(keys).filter((key) => key.startsWith(`${prefix}:`));
	expect(mine.length).toBeGreaterThan(0);
	for (const key of mine) {
		expect(key.startsWith(`${prefix}:n8n-nodes-helpscout-users:`)).toBe(true);
		expect(keys[key]).toBeGreaterThan(0);
		expect(keys[key]).toBeLessThanOrEqual(60 * 60_000);
		const text = `${key} ${await redis.dump(key)}`;
		expect(text).not.toMatch(/example\.com|hire|token|secret/i);
	}
}

describe('queue mode: two workers of one account share one Redis', () => {
	it('the burst and per-minute windows hold across workers and both apps: no burst 429, one 429 to learn the minute', async () => {
		fake.rateLimit = { units: 40, windowMs: 6_000, burstWrites: 12, burstWindowMs: 5_000 };
		const queue = env();
		const workers = [
			startWorker(job(create, hires('first', 12)), queue),
			startWorker(job(create, hires('second', 12), true), queue),
		];
		const answers = await Promise.all(workers.map(async (worker) => await worker.answer));

		for (const answer of answers) {
			expect(answer.error).toBeUndefined();
			expect(answer.items.map((item) => item.created)).toEqual(Array(12).fill(true));
		}
		// 24 writes (48 units) and two reads of /users/me against 40 units a window: the minute runs
		// out once, and one request alone learns when it comes back; the burst never refuses.
		expect(fake.rateLimitedByBurst).toBe(0);
		expect(fake.rateLimited).toBeLessThanOrEqual(1);
		expect(fake.usersWithEmail('first.0@example.com')).toHaveLength(1);
		expect(fake.apiRequests('POST')).toHaveLength(24 + fake.rateLimited);
		await expectNothingPersonal(queue.QUEUE_BULL_PREFIX);
	});

	it('claims once: the same hire sent to two workers, both first POSTs cut off after landing, is created: true once', async () => {
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'resetAfter', times: 2 });
		const queue = env();
		const parameters = { ...create, options: { ifUserExists: 'returnExisting' } };
		const [hire] = hires('same', 1);
		const answers = await Promise.all([
			startWorker(job(parameters, [hire]), queue).answer,
			startWorker(job(parameters, [hire], true), queue).answer,
		]);

		const [user] = fake.usersWithEmail(hire.email);
		expect(fake.usersWithEmail(hire.email)).toHaveLength(1);
		expect(answers.map((answer) => answer.items[0]?.id)).toEqual([user.id, user.id]);
		expect(answers.map((answer) => answer.items[0]?.created).sort()).toEqual([false, true]);
		await expectNothingPersonal(queue.QUEUE_BULL_PREFIX);
	});

	it('takes turns once: creates of one email in two workers never overlap', async () => {
		fake.latencyMs = 300;
		const queue = env();
		const [hire] = hires('turns', 1);
		const answers = await Promise.all([startWorker(job(create, [hire]), queue).answer, startWorker(job(create, [hire], true), queue).answer]);

		const posts = fake.apiRequests('POST');
		expect(posts).toHaveLength(2);
		// The second POST left only after the first was answered (and so met the duplicate).
		expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(300);
		expect(answers.map((answer) => answer.items[0]?.created ?? answer.items[0]?.error).sort()).toEqual([
			'A Help Scout user with this email already exists [item 0]',
			true,
		]);
	});
});

describe('queue mode: Redis trouble never hangs and never lies', () => {
	afterEach(async () => await redis.start().catch(() => undefined));

	it('Redis gone: the worker falls back to its process, says so once, and Create cannot tell instead of created: true on evidence', async () => {
		await redis.stop();
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'resetAfter' });
		const answer = await startWorker(job(create, hires('offline', 3)), env()).answer;

		expect(answer.ranMs).toBeLessThan(15_000);
		const [doubted, ...created] = answer.items;
		// The first POST landed and its answer was lost: the evidence says this item made the user,
		// but the claim could not be shared with the other workers.
		expect(doubted.created).toBeUndefined();
		expect(doubted.error).toMatch(/queue-mode Redis did not answer.*cannot tell whether this item created it/);
		// Help Scout's own 201 still says created.
		expect(created.map((item) => item.created)).toEqual([true, true]);
		expect(fake.usersWithEmail('offline.0@example.com')).toHaveLength(1);
		expect(answer.log.filter((line) => /queue-mode Redis failed/.test(line))).toHaveLength(1);
	});

	it('Redis stopped mid-run while the workers wait out a pause: Stop still ends each within 1 s', async () => {
		fake.inject({ method: 'POST', path: '/v2/users', kind: 'status', status: 429, headers: { 'X-RateLimit-Retry-After': '30' }, times: 100 });
		const queue = env();
		const first = startWorker(job(create, hires('paused', 5)), queue);
		await until(() => fake.apiRequests('POST').length === 1);
		// The second worker was never refused: it waits on the first one's pause, shared through Redis.
		const second = startWorker(job(create, hires('waiting', 5), true), queue);
		await until(() => fake.apiRequests('GET').length === 2);
		await sleep(1_000);
		expect(fake.apiRequests('POST')).toHaveLength(1);
		await redis.stop();
		await sleep(500);
		first.stop();
		second.stop();
		const answers = await Promise.all([first.answer, second.answer]);
		for (const answer of answers) expect(answer.stoppedInMs).toBeLessThan(1_000);
		// The first worker kept the pause it met; the second, on its own now, meets it once more.
		expect(fake.apiRequests('POST').length).toBeLessThanOrEqual(2);
		expect(fake.users).toHaveLength(3);
	});
});

describe("n8n's queue settings, as the node reads them", () => {
	it('finds the Redis of the queue from n8n\'s own variables, and nothing outside queue mode', () => {
		expect(queueModeRedis({ QUEUE_BULL_REDIS_HOST: 'redis' })).toEqual({ notQueueMode: true });
		expect(queueModeRedis({ EXECUTIONS_MODE: 'queue' })).toEqual({
			redis: { clusterNodes: [], host: 'localhost', port: 6379, db: 0, keyPrefix: 'bull:n8n-nodes-helpscout-users:' },
		});
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_CLUSTER_NODES: 'a.example:7000, b.example:7001',
			QUEUE_BULL_REDIS_DB: '2',
			QUEUE_BULL_REDIS_USERNAME: 'n8n',
			QUEUE_BULL_REDIS_PASSWORD: 'pw',
			QUEUE_BULL_REDIS_TLS: 'true',
			QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE: 'false',
			QUEUE_BULL_PREFIX: 'acme',
		};
		expect(queueModeRedis(env)).toMatchObject({
			redis: {
				clusterNodes: [
					{ host: 'a.example', port: 7000 },
					{ host: 'b.example', port: 7001 },
				],
				db: 2,
				username: 'n8n',
				password: 'pw',
				tls: { rejectUnauthorized: false },
				keyPrefix: 'acme:n8n-nodes-helpscout-users:',
			},
		});
	});

	it('names the settings given only as files, which a node may not read', () => {
		const env = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD_FILE: '/run/secrets/redis' };
		expect(queueModeRedis(env)).toEqual({ unreadable: ['QUEUE_BULL_REDIS_PASSWORD_FILE'] });
	});
});
