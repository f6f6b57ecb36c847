import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { HelpScoutApiError, restated, toNodeError } from '../../../../shared/transport/errors';
import type { HandOverPlan } from './plan';
import type { Whereabouts } from './whereIs';

/** How often the list is read again for conversations that arrived during the hand-over. */
export const MAX_ROUNDS = 3;

const STILL_ASSIGNED = `still assigned after ${MAX_ROUNDS} rounds: new conversations kept arriving; set the user Away (Set Status) so that routing stops, then run this again`;
const REFUSED = 'still assigned: Help Scout answered its reassignment with 404, yet still shows it with the user; reassign it in Help Scout or run this again';

/**
 * What one hand-over knows of each conversation, from Help Scout's answers for that conversation:
 * a PATCH's 2xx, or a read of it. The conversation list only brings conversations to its notice:
 * it may lag behind the PATCHes, so it never undoes what those answers said.
 */
export class HandOverLedger {
	/** Confirmed: Help Scout's 2xx for its PATCH, or a read showing it with the To User. */
	private readonly handedOver = new Set<number>();
	/** Gone by Help Scout's own answer for it (merged, deleted), with the reason. */
	private readonly skipped = new Map<number, string>();
	/** A read since showed it away from the leaver: a list that still shows it there is behind. */
	private readonly settled = new Set<number>();
	/** A read showed it still with the leaver: the next round hands it over (again). */
	private readonly withLeaver = new Set<number>();
	/** Its PATCH was answered 404 while a read still showed it with the leaver. */
	private readonly refused = new Set<number>();
	/** Its PATCH left but no answer said whether it landed (Stop, or a 5xx to the last attempt). */
	private readonly unanswered = new Set<number>();

	/** What the list names, and what a read kept with the leaver, less what is known to be done or gone. */
	open(listed: number[]): number[] {
		return [...new Set([...listed, ...this.withLeaver])].filter((id) => !this.skipped.has(id) && !this.settled.has(id));
	}

	/** Whether the list's word that it is with the leaver needs Help Scout's answer for it first. */
	doubtful(id: number): boolean {
		return this.handedOver.has(id);
	}

	/** Of `open` ones, those to PATCH: never handed over, or handed over and since seen with the leaver. */
	toHandOver(open: number[]): number[] {
		return open.filter((id) => !this.handedOver.has(id) && !this.skipped.has(id) && !this.settled.has(id));
	}

	handedOverNow(id: number): void {
		this.handedOver.add(id);
		this.withLeaver.delete(id);
	}

	/** A read of the conversation decides; a PATCH's 404 is noted as such. */
	read(id: number, where: Whereabouts, afterNotFound = false): void {
		this.withLeaver.delete(id);
		if (where.at === 'leaver') {
			this.handedOver.delete(id);
			this.withLeaver.add(id);
			if (afterNotFound) this.refused.add(id);
			return;
		}
		this.refused.delete(id);
		this.settled.add(id);
		if (where.at === 'target') this.handedOver.add(id);
		// Handed over and then merged or deleted: it was handed over all the same.
		if (where.at === 'gone' && !this.handedOver.has(id)) this.skipped.set(id, where.reason);
	}

	mayHaveLanded(id: number): void {
		this.unanswered.add(id);
	}

	/** The item's output; `remaining` are those a read showed still with the leaver after the last round. */
	output(plan: HandOverPlan, remaining: number[]): IDataObject {
		const conversationIds = [...this.handedOver];
		return {
			fromUserId: plan.from,
			toUserId: plan.to,
			handedOver: conversationIds.length,
			conversationIds,
			skipped: [...this.skipped].map(([id, reason]) => ({ id, reason })),
			remaining: remaining.map((id) => ({ id, reason: this.refused.has(id) ? REFUSED : STILL_ASSIGNED })),
		};
	}

	/** The item's failure (or Stop), saying what had been done by then and what may have been. */
	failed(node: INode, error: unknown): Error {
		const failure = toNodeError(node, error);
		const done = this.handedOver.size;
		const maybe = [...this.unanswered].filter((id) => !this.handedOver.has(id)).length;
		if (done === 0 && maybe === 0) return failure;
		const message =
			`${failure.message}; ${done} conversations had been handed over by then` +
			(maybe > 0 ? `, and ${maybe} more were under way and may have been handed over` : '') +
			' (run the item again to hand over the rest)';
		return failure instanceof HelpScoutApiError ? restated(failure, message) : new NodeOperationError(node, message);
	}
}
