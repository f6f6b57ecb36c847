import { createUserParameters } from './fixtures/workflows';
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';
import { helpScoutLimits } from './stand-in';

const fake = useFakeHelpScout();

const create = createUserParameters({ firstName: '={{ $json.first }}', lastName: 'Parallel' });
const people = (count: number) =>
	Array.from({ length: count }, (_, n) => ({ first: `P${n}`, email: `p${n}@example.com` }));

function expectInInputOrder(result: Awaited<ReturnType<typeof runNode>>, items: Array<{ email: string }>) {
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	items.forEach(({ email }, n) => {
		expect(result.items[n].json.id).toBe(fake.usersWithEmail(email)[0].id);
	});
}

describe('items in flight at once', () => {
	it('fetches one client-credentials token for the whole batch, not one per item in flight', async () => {
		const items = people(6);
		const result = await runNode({ credentials: clientCredentials(), items, parameters: create });
		expectInInputOrder(result, items);
		expect(fake.tokenRequests()).toHaveLength(1);
	});

	it('keeps input order and pairing when Help Scout answers out of order', async () => {
		// Item 0 goes alone; items 1 to 8 are then in flight together, the first answered last.
		const items = people(9);
		fake.holdResponse = async (request) => {
			const n = Number(String((request.body as { email?: string })?.email ?? '').match(/^p(\d+)@/)?.[1] ?? 0);
			await new Promise((resolve) => setTimeout(resolve, (9 - n) * 40));
		};
		const result = await runNode({ credentials: clientCredentials(), items, parameters: { ...create, options: { concurrency: 8 } } });

		expectInInputOrder(result, items);
		const createdOrder = fake.users.slice(3).map((user) => user.email);
		expect(createdOrder).not.toEqual(items.map((item) => item.email));
		expect(fake.maxInFlight).toBe(8);
	});

	it.each([1, 3])('never has more than %i requests in flight', async (concurrency) => {
		fake.latencyMs = 30;
		const items = people(12);
		const result = await runNode({ credentials: clientCredentials(), items, parameters: { ...create, options: { concurrency } } });

		expectInInputOrder(result, items);
		expect(fake.maxInFlight).toBe(concurrency);
	});

	it('sends 20 at a time by default', async () => {
		// Reads: writes are held to Help Scout's burst limit (below). Answers long enough that all
		// 20 are surely under way together on a busy machine (two test workers beside an n8n build).
		fake.latencyMs = 1_000;
		const ids = Array.from({ length: 45 }, (_, n) => ({ id: fake.users[n % 3].id }));
		const result = await runNode({
			credentials: clientCredentials(),
			items: ids,
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(ids.map(({ id }) => id));
		expect(fake.maxInFlight).toBe(20);
	});

	it("keeps to Help Scout's 12 writes in any 5 s: the 13th waits for the window, and no 429", async () => {
		fake.rateLimit = helpScoutLimits(200);
		fake.latencyMs = 30;
		const items = people(13);
		const result = await runNode({ credentials: clientCredentials(), items, parameters: create });

		expectInInputOrder(result, items);
		expect(fake.rateLimited).toBe(0);
		const posts = fake.apiRequests('POST');
		expect(posts).toHaveLength(13);
		// The first 12 went together (after the first alone), the 13th only once the window let it.
		expect(posts[11].at - posts[0].at).toBeLessThan(5_000);
		expect(posts[12].at - posts[0].at).toBeGreaterThanOrEqual(5_000);
		expect(fake.maxInFlight).toBeLessThanOrEqual(12);
	});

	it('meets a burst 429 when told it may write more than Help Scout allows, and creates each user once', async () => {
		fake.rateLimit = helpScoutLimits(200);
		const items = people(14);
		const result = await runNode({
			credentials: clientCredentials(),
			items,
			parameters: { ...create, options: { burstWrites: 100 } },
		});

		expectInInputOrder(result, items);
		expect(fake.rateLimitedByBurst).toBeGreaterThan(0);
		expect(fake.users).toHaveLength(3 + 14);
	});

	it('lets the items in flight finish before failing the run on an item that fails', async () => {
		fake.latencyMs = 30;
		const items = people(10);
		items[2].email = 'broken';
		const result = await runNode({ credentials: clientCredentials(), items, parameters: { ...create, options: { concurrency: 3 } } });

		expect(result.error?.message).toBe('Email "broken" is not a valid email address: it is not of the form name@domain [item 2]');
		// Item 0 went alone; items 1 and 3 were under way when item 2 failed: they finished, and
		// nothing after them was started.
		const created = fake.users.slice(3).map((user) => user.email).sort();
		expect(created).toEqual(['p0@example.com', 'p1@example.com', 'p3@example.com']);
		expect(fake.apiRequests('POST')).toHaveLength(3);
		expect(fake.inFlight).toBe(0);
	});

	it('paces by X-RateLimit-Remaining-Minute and Retry-After: at most one 429 a window', async () => {
		fake.rateLimit = { units: 20, windowMs: 1_000 };
		const items = people(40);
		const started = Date.now();
		// The burst limit is lifted to see the per-minute pacing alone.
		const options = { concurrency: 10, burstWrites: 1000 };
		const result = await runNode({ credentials: clientCredentials(), items, parameters: { ...create, options } });

		expectInInputOrder(result, items);
		// 40 writes at 10 a window need at least 3 more windows after the first.
		expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
		// Requests start only while the window has units for them; when it has none, one request
		// goes ahead to learn when the next window opens. 4 windows: at most 4 refusals.
		expect(fake.rateLimited).toBeGreaterThan(0);
		expect(fake.rateLimited).toBeLessThanOrEqual(4);
	});
});
