import type { Call, Exchange } from './sendOnce';
import { sendOnce, tokenFailed } from './sendOnce';
import { afterUnauthorized } from './tokenGate';

/**
 * After the first 401 of a call sent under token `generation`: renews the token once per
 * credential, however many requests meet the 401 (tokenGate). A read is sent again with n8n's
 * renewal on; a write renews on a read (`GET /users/me`) and then goes again. Says `sendAgain`
 * when the call should go again with the new token, else the exchange to judge.
 */
export async function renewAfterUnauthorized(call: Call, generation: number): Promise<Exchange | 'sendAgain'> {
	const renewal = await afterUnauthorized(
		call.credential,
		generation,
		async () => await sendOnce(call, true, call.write),
		(outcome) => !tokenFailed(outcome),
		call.signal,
	);
	// Someone else renewed the token since this request went out: send it again.
	if ('sendAgain' in renewal) return 'sendAgain';
	if ('stopped' in renewal) return { failure: { kind: 'cancelled' } };
	const outcome = 'renewed' in renewal ? renewal.renewed : (renewal.failedAs as Exchange);
	return call.write && !tokenFailed(outcome) ? 'sendAgain' : outcome;
}
