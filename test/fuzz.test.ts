/**
 * Property: whatever an expression hands the node, it either sends a request that Help Scout's
 * own checks (the stand-in's) accept, or fails the item with a NodeOperationError and sends
 * nothing. It never throws anything else.
 */
import fc from 'fast-check';

import { createUserParameters } from './fixtures/workflows';
import { runNode } from './helpers/engine';
import { CLIENT_ID, CLIENT_SECRET, clientCredentials, useFakeHelpScout } from './helpers/useStandIn';
import { validateCreateUser } from './stand-in';

const fake = useFakeHelpScout();

const RUNS = 1_000;
const ROLES = ['admin', 'user', 'light user'];

const oddValue = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 60 }),
	fc.string({ unit: 'grapheme', maxLength: 60 }),
	fc.integer(),
	fc.double(),
	fc.boolean(),
	fc.constant(null),
	fc.constant(''),
	fc.array(fc.string(), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
/** Mostly a plausible value, sometimes anything: so that both outcomes are common. */
const mostly = <T>(plausible: fc.Arbitrary<T>) =>
	fc.oneof({ weight: 9, arbitrary: plausible }, { weight: 1, arbitrary: oddValue });

const name = mostly(fc.string({ minLength: 1, maxLength: 42, unit: 'grapheme' }));
const email = mostly(fc.oneof({ weight: 5, arbitrary: fc.emailAddress() }, fc.string({ maxLength: 30 })));
const role = mostly(fc.constantFrom(...ROLES, 'ADMIN', ' User ', 'Light User', 'owner'));
const oddRow = fc.record(
	{
		id: fc.oneof(fc.integer({ min: -5, max: 2 ** 60 }), fc.double(), fc.integer({ min: 1, max: 3 }).map(String), oddValue),
		emailAccess: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), oddValue),
	},
	{ requiredKeys: ['id'] },
);
const plausibleRows = fc
	.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 3 })
	.chain((ids) =>
		fc.tuple(...ids.map((id) => fc.record({ id: fc.constantFrom(id, String(id)), emailAccess: fc.boolean() }, { requiredKeys: ['id'] }))),
	);
const mailboxes = fc.oneof(
	{ weight: 6, arbitrary: plausibleRows },
	{ weight: 2, arbitrary: fc.array(oddRow, { maxLength: 4 }) },
	{ weight: 1, arbitrary: fc.array(oddRow, { minLength: 100, maxLength: 400 }) },
);
const item = fc.record(
	{
		firstName: name,
		lastName: name,
		email,
		role,
		sendInvite: mostly(fc.boolean()),
		jobTitle: mostly(fc.string({ maxLength: 52 })),
		phone: mostly(fc.string({ maxLength: 20 })),
		timezone: mostly(fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Nowhere/City')),
	},
	{ requiredKeys: [] },
);

/**
 * What Help Scout would refuse in a body, by its own checks (the stand-in's), leaving out inboxes
 * the account does not have: the node cannot know those, and Help Scout's 400 names them.
 */
function refusedByHelpScout(body: Record<string, unknown>): string[] {
	return validateCreateUser(body, fake.mailboxes)
		.filter((error) => !(/^mailboxes\[\d+\]\.id$/.test(error.path) && Number.isSafeInteger(error.rejectedValue)))
		.map((error) => `${error.path}: ${error.message}`);
}

test(`${RUNS} random parameter sets: a valid request or a NodeOperationError, nothing else`, async () => {
	let sent = 0;
	let refused = 0;
	await fc.assert(
		fc.asyncProperty(item, mailboxes, async (json, rows) => {
			fake.reset();
			fake.addClient(CLIENT_ID, CLIENT_SECRET);
			const result = await runNode({
				credentials: clientCredentials(),
				items: [{ ...json, rows }],
				parameters: createUserParameters({
					role: '={{ $json.role }}',
					sendInvite: '={{ $json.sendInvite ?? true }}',
					additionalFields: {
						jobTitle: '={{ $json.jobTitle }}',
						phone: '={{ $json.phone }}',
						timezone: '={{ $json.timezone }}',
					},
					// Row by row through expressions, as a mapped list would arrive.
					mailboxes: {
						mailbox: rows.map((_, row) => ({
							id: `={{ $json.rows[${row}].id }}`,
							emailAccess: `={{ $json.rows[${row}].emailAccess }}`,
						})),
					},
					options: { maxAttempts: 1 },
				}),
			});
			const posts = fake.apiRequests('POST');
			if (posts.length === 0) {
				refused++;
				expect(result.error?.name).toBe('NodeOperationError');
				expect(result.error?.message).toMatch(/\[item 0\]$/);
				expect(fake.requests).toHaveLength(0);
				return;
			}
			sent++;
			expect(posts).toHaveLength(1);
			expect(refusedByHelpScout(posts[0].body as Record<string, unknown>)).toEqual([]);
			// Help Scout may still say no (an inbox it does not have); then it is its 400, passed on.
			if (result.error) {
				expect(result.error.name).toBe('NodeApiError');
				expect(result.error.httpCode).toBe('400');
				expect(fake.users).toHaveLength(3);
			} else {
				expect(result.items[0].json).toEqual(expect.objectContaining({ created: true }));
				expect(fake.usersWithEmail(String((posts[0].body as Record<string, unknown>).email))).toHaveLength(1);
			}
		}),
		{ numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261127) },
	);
	process.stdout.write(`fuzz: ${sent} sent, ${refused} refused\n`);
	// Both sides of the property were exercised.
	expect(sent).toBeGreaterThan(50);
	expect(refused).toBeGreaterThan(50);
}, 300_000);
