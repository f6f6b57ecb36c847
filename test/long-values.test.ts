import type { IDataObject } from 'n8n-workflow';

import { clip, quote } from '../nodes/shared/quote';
import { createUserParameters } from './fixtures/workflows';
import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/useStandIn';

const fake = useFakeHelpScout();

const MEGABYTE = 2 ** 20;
const big = (char: string) => char.repeat(MEGABYTE);
/** Longer than any message of the node that quotes a value, yet far from a megabyte. */
const MESSAGE_BOUND = 300;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ada = createUserParameters({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' });

describe('A megabyte from an expression is quoted briefly in the message, and nothing is sent', () => {
	it.each<[string, IDataObject, string]>([
		[
			'first name',
			{ firstName: '={{ $json.big }}' },
			`First Name may be at most 40 characters as Help Scout counts them (an emoji counts 2), not ${MEGABYTE} [item 0]`,
		],
		[
			'email',
			{ email: '={{ $json.big }}' },
			`Email may be at most 254 characters as Help Scout counts them (an emoji counts 2), not ${MEGABYTE} [item 0]`,
		],
		[
			'role',
			{ role: '={{ $json.big }}' },
			`Role "${'a'.repeat(100)}…" (${MEGABYTE} characters) is not one of admin, user, light user [item 0]`,
		],
		[
			'timezone',
			{ additionalFields: { timezone: '={{ $json.big }}' } },
			`Timezone "${'a'.repeat(100)}…" (${MEGABYTE} characters) is not an IANA timezone name such as America/New_York [item 0]`,
		],
		[
			'mailbox ID',
			{ mailboxes: { mailbox: [{ id: '={{ $json.digits }}', emailAccess: true }] } },
			`Inbox 1: "${'1'.repeat(100)}…" (${MEGABYTE} characters) is not an inbox ID (a positive whole number) [item 0]`,
		],
	])('Create User, %s', async (_field, override, message) => {
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ big: big('a'), digits: big('1') }],
			parameters: { ...ada, ...override },
		});
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(result.error?.message.length).toBeLessThan(MESSAGE_BOUND);
		expect(fake.requests).toHaveLength(0);
	});

	it('Get User, user ID', async () => {
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ id: big('7') }],
			parameters: { resource: 'user', operation: 'get', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
		});
		expect(result.error?.message).toBe(
			`User "${'7'.repeat(100)}…" (${MEGABYTE} characters) is not a user ID (a positive whole number) [item 0]`,
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('Create User, an email under the length limit: its first 100 characters', async () => {
		const email = `${'x'.repeat(150)}\u200b@example.com`;
		const result = await runNode({ credentials: clientCredentials(), items: [{ email }], parameters: { ...ada, email: '={{ $json.email }}' } });
		expect(result.error?.message).toBe(
			`Email "${'x'.repeat(100)}…" (163 characters) is not a valid email address: it holds an invisible, control or space character [item 0]`,
		);
		expect(fake.requests).toHaveLength(0);
	});

	it('Create User, a timezone of emoji: cut between characters, never inside one, counted as characters', async () => {
		const timezone = '😀'.repeat(MEGABYTE / 2);
		const result = await runNode({
			credentials: clientCredentials(),
			items: [{ timezone }],
			parameters: { ...ada, additionalFields: { timezone: '={{ $json.timezone }}' } },
		});
		expect(result.error?.message).toBe(
			`Timezone "${'😀'.repeat(100)}…" (${MEGABYTE / 2} characters) is not an IANA timezone name such as America/New_York [item 0]`,
		);
		expect(result.error?.message).not.toMatch(LONE_SURROGATE);
		expect(fake.requests).toHaveLength(0);
	});
});

describe("Help Scout's own messages echoing a long value", () => {
	it('are cut in the message and in each line of the description', async () => {
		const echoed = `must be a well-formed email address: ${big('b')}`;
		fake.inject({
			kind: 'status',
			method: 'POST',
			path: '/v2/users',
			status: 400,
			body: {
				logRef: 'log-123',
				message: 'Bad request',
				_embedded: {
					errors: [
						{ path: 'email', message: echoed, rejectedValue: big('b'), source: 'JSON' },
						{ path: big('p'), message: 'Invalid identifier', rejectedValue: 99, source: 'JSON' },
					],
				},
			},
		});
		const result = await runNode({ credentials: clientCredentials(), parameters: ada });
		const cut = `must be a well-formed email address: ${'b'.repeat(63)}… (${echoed.length} characters)`;
		expect(result.error?.message).toBe(`Help Scout rejected the request: email: ${cut} [item 0]`);
		expect(result.error?.description).toBe(
			[
				`email: ${cut}`,
				`${'p'.repeat(100)}… (${MEGABYTE} characters): Invalid identifier`,
				'Help Scout logRef (quote it to Help Scout support): log-123',
			].join('\n'),
		);
		expect(result.error?.httpCode).toBe('400');
		expect(fake.apiRequests('POST')).toHaveLength(1);
	});
});

describe('quote and clip', () => {
	it('leave a short value whole, quoted (escapes shown) or as it is', () => {
		expect(quote('Mars/Olympus')).toBe('"Mars/Olympus"');
		// Short, it reads as JSON reads it; a zero-width space is kept as it is.
		expect(quote('x\u200b@example.com')).toBe(JSON.stringify('x\u200b@example.com'));
		expect(quote('a"b\\c\nd\u0000e')).toBe('"a\\"b\\\\c\\nd\\u0000e"');
		expect(quote('x'.repeat(100))).toBe(`"${'x'.repeat(100)}"`);
		expect(clip('Invalid identifier')).toBe('Invalid identifier');
		expect(clip('line\nfake "line" \\')).toBe('line\\nfake "line" \\');
	});

	it('cut after 100 characters, counting code points and never splitting a surrogate pair', () => {
		expect(quote('x'.repeat(101))).toBe(`"${'x'.repeat(100)}…" (101 characters)`);
		const mixed = `a${'😀'.repeat(150)}`;
		expect(quote(mixed)).toBe(`"a${'😀'.repeat(99)}…" (151 characters)`);
		expect(quote(mixed)).not.toMatch(LONE_SURROGATE);
		expect(clip(mixed)).toBe(`a${'😀'.repeat(99)}… (151 characters)`);
		// An escape counts as what it shows: 16 of `\u0000` (6 each) fill 96 of the 100.
		expect(quote('\u0000'.repeat(200))).toBe(`"${'\\u0000'.repeat(16)}…" (200 characters)`);
		// A lone half of a pair is shown as its escape, not passed on broken.
		expect(quote('\uD83D')).toBe('"\\ud83d"');
	});
});
