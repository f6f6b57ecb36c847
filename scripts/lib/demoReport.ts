/** What `npm run demo` and `npm run demo:n8n` print: the example's new user, as n8n output it and as the sandbox holds it. */
import type { FakeHelpScout } from '../../test/stand-in';

/** The example's sample hire (examples/new-hire-to-help-scout.json, "Sample New Hire"). */
export const SAMPLE_HIRE_EMAIL = 'ada.lovelace@example.com';

export function printCreatedUser(where: string, user: Record<string, unknown>, sandbox: FakeHelpScout): void {
	const [stored] = sandbox.usersWithEmail(SAMPLE_HIRE_EMAIL);
	if (!stored) throw new Error(`the sandbox holds no user ${SAMPLE_HIRE_EMAIL}`);
	process.stdout.write(
		[
			'',
			`Help Scout user created by ${where} (sandbox):`,
			`  id:       ${String(user.id)}`,
			`  location: ${String(user.location)}`,
			`  created:  ${String(user.created)}`,
			`  sandbox:  ${stored.firstName} ${stored.lastName} <${stored.email}>, role ${stored.role}, inboxes ${stored.mailboxes
				.map((mailbox) => mailbox.id)
				.join(', ')}`,
			'',
		].join('\n'),
	);
}
