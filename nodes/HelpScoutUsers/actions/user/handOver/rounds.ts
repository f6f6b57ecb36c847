import type { IDataObject, INode } from 'n8n-workflow';

import { eachAtOnce } from '../../../../shared/eachAtOnce';
import type { HelpScoutApi } from '../../../../shared/transport/client';
import type { AttemptCount } from '../../../../shared/transport';
import { HelpScoutApiError, toNodeError } from '../../../../shared/transport/errors';
import { HandOverLedger, MAX_ROUNDS } from './ledger';
import type { HandOverPlan } from './plan';
import { whereIs } from './whereIs';

/** Requests in flight at once for one item: Help Scout's burst is 12 writes in any 5 s. */
const AT_ONCE = 12;

/**
 * Every conversation the list shows assigned to the user, in the chosen statuses (and inbox), read
 * to the last page before anything changes: reassigning page 1 first would shift page 2 under the
 * reader and skip conversations. Help Scout's list takes one status at a time.
 */
async function listed(api: HelpScoutApi, plan: HandOverPlan): Promise<number[]> {
	const ids = new Set<number>();
	for (const status of plan.statuses) {
		const qs: IDataObject = { assigned_to: plan.from, status, ...(plan.mailbox === undefined ? {} : { mailbox: plan.mailbox }) };
		for (const conversation of await api.list('/conversations', 'conversations', { qs })) {
			const id = Number(conversation.id);
			if (Number.isSafeInteger(id) && id > 0) ids.add(id);
		}
	}
	return [...ids];
}

/**
 * Reassigns (or unassigns) one conversation. The same assignee set twice changes nothing, so the
 * transport sends a PATCH again after a 5xx, a reset or a timeout. A 404 is settled by reading the
 * conversation: merged or deleted, or still there (then the next round tries again).
 */
async function handOverOne(node: INode, api: HelpScoutApi, plan: HandOverPlan, books: HandOverLedger, id: number): Promise<void> {
	const patch = plan.to === null ? { op: 'remove', path: '/assignTo' } : { op: 'replace', path: '/assignTo', value: plan.to };
	const attempts: AttemptCount = { made: 0, waitedMs: 0 };
	try {
		await api.patch(`/conversations/${id}`, patch, { attempts });
	} catch (error) {
		if (error instanceof HelpScoutApiError && error.status === 404) {
			books.read(id, await whereIs(node, api, plan, id), true);
			return;
		}
		const doubtful = error instanceof HelpScoutApiError && (error.cancelled || error.mayHaveLanded);
		if (doubtful && attempts.firstSentAt !== undefined) books.mayHaveLanded(id);
		throw toNodeError(node, error);
	}
	books.handedOverNow(id);
}

/**
 * Round after round: read the list, hand over what it shows, until a round finds nothing left or
 * MAX_ROUNDS have handed over. What the list shows of a conversation already handed over is
 * checked against Help Scout's answer for it before it is sent again, and nothing is called
 * remaining before such an answer says so: a list that lags behind the PATCHes turns neither done
 * work into remaining nor into a second PATCH.
 */
export async function handOverRounds(node: INode, api: HelpScoutApi, plan: HandOverPlan): Promise<IDataObject> {
	const books = new HandOverLedger();
	try {
		for (let round = 1; ; round++) {
			const last = round > MAX_ROUNDS;
			let open = books.open(await listed(api, plan));
			// The list is read one status at a time: a conversation that changed status between two
			// reads is in neither. One more read before "nothing to hand over" catches it.
			if (open.length === 0 && round === 1) open = books.open(await listed(api, plan));
			const toRead = open.filter((id) => last || books.doubtful(id));
			await eachAtOnce(toRead, AT_ONCE, async (id) => books.read(id, await whereIs(node, api, plan, id)));
			const toHandOver = books.toHandOver(open);
			if (toHandOver.length === 0 || last) return books.output(plan, toHandOver);
			await eachAtOnce(toHandOver, AT_ONCE, async (id) => await handOverOne(node, api, plan, books, id));
		}
	} catch (error) {
		throw books.failed(node, error);
	}
}
