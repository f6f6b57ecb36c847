import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HelpScoutApi } from '../../../../shared/transport/client';
import { helpScoutUrl } from '../../../../shared/transport';
import { HelpScoutApiError, isHelpScoutNotFound, toNodeError } from '../../../../shared/transport/errors';
import type { HandOverPlan } from './plan';

/** Where Help Scout has a conversation now, as far as the hand-over is concerned. */
export type Whereabouts =
	/** Still the leaver's, in the chosen statuses and inbox: to be handed over. */
	| { at: 'leaver' }
	/** With the To User (or unassigned, when handing over to nobody). */
	| { at: 'target' }
	/** With someone else, or no longer in the chosen statuses or inbox: not this hand-over's. */
	| { at: 'elsewhere' }
	/** Merged into another conversation or deleted. */
	| { at: 'gone'; reason: string };

/** The conversation a merged one went into, from the `Location` of Help Scout's 301. */
function mergedInto(location: string | undefined): number | undefined {
	const url = location === undefined ? undefined : helpScoutUrl(location);
	const id = url === undefined ? undefined : /\/v2\/conversations\/(\d{1,15})$/.exec(new URL(url).pathname)?.[1];
	return id === undefined ? undefined : Number(id);
}

/**
 * Reads one conversation (`GET /v2/conversations/{id}`): Help Scout's own answer for it, which the
 * conversation list, a search index that can lag behind the writes, is not. 200: where it is; 301:
 * merged, `Location` names the one it went into; Help Scout's 404: deleted. Any other failure is
 * the item's: nothing is decided on an answer that says nothing about the conversation.
 */
export async function whereIs(node: INode, api: HelpScoutApi, plan: HandOverPlan, id: number): Promise<Whereabouts> {
	let body: IDataObject;
	try {
		const messages = {
			// Help Scout's own 404 is caught below; this one came with someone else's page.
			404: `Reading conversation ${id} gave a 404 that is not Help Scout's: cannot tell whether it was merged, deleted or is still with the user`,
		};
		body = (await api.get(`/conversations/${id}`, { messages })).body as IDataObject;
	} catch (error) {
		if (error instanceof HelpScoutApiError && error.status === 301) {
			const into = mergedInto(error.redirectTo);
			return { at: 'gone', reason: `merged into ${into === undefined ? 'another conversation' : `conversation ${into}`} in Help Scout meanwhile` };
		}
		if (isHelpScoutNotFound(error)) return { at: 'gone', reason: 'deleted in Help Scout meanwhile (404)' };
		throw toNodeError(node, error);
	}
	if (Number(body.id) !== id) {
		throw new NodeOperationError(node, `Help Scout's answer for conversation ${id} did not name it: cannot tell where it is`);
	}
	const assignee = Number((body.assignee as IDataObject | undefined)?.id) || null;
	const inScope =
		plan.statuses.includes(String(body.status)) && (plan.mailbox === undefined || Number(body.mailboxId) === plan.mailbox);
	if (assignee === plan.from && inScope) return { at: 'leaver' };
	if (assignee === plan.to) return { at: 'target' };
	return { at: 'elsewhere' };
}
