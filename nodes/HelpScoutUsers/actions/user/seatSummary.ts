import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UserActivity } from '../../../shared/activity';

/**
 * Get Many's Add Seat Summary: one more item after the users, with how many seats of each role
 * they hold, in Help Scout's words. Help Scout bills every user but Light Users, so the Account
 * Owner, Administrators and Users hold the paid seats; with Include Activity, the paid seats whose
 * user sent no reply in the period are counted too.
 */
const SEAT_OF_ROLE: Record<string, 'accountOwner' | 'administrator' | 'user' | 'lightUser'> = {
	owner: 'accountOwner',
	admin: 'administrator',
	user: 'user',
	'light user': 'lightUser',
};
const PAID = new Set(['accountOwner', 'administrator', 'user']);

export const seatSummaryField: INodeProperties = {
	displayName: 'Add Seat Summary',
	name: 'addSeatSummary',
	type: 'boolean',
	default: false,
	description:
		'Whether to add one item after the users with how many Account Owner, Administrator, User and Light User seats they hold, the paid ones (all but Light Users), and with Include Activity how many paid seats sent no reply in the period. Costs no request.',
};

export function addsSeatSummary(context: IExecuteFunctions, itemIndex: number): boolean {
	return context.getNodeParameter('addSeatSummary', itemIndex, false) === true;
}

/** `{ seatSummary: {...} }` for the users output (each with `role`, and `active` when activity was read). */
export function seatSummary(users: IDataObject[], activity?: UserActivity): IDataObject {
	const seats: IDataObject = { accountOwner: 0, administrator: 0, user: 0, lightUser: 0 };
	let paid = 0;
	let inactivePaid = 0;
	let otherRoles = 0;
	for (const user of users) {
		const seat = SEAT_OF_ROLE[String(user.role ?? '').toLowerCase()];
		if (seat === undefined) {
			otherRoles++;
			continue;
		}
		seats[seat] = (seats[seat] as number) + 1;
		if (!PAID.has(seat)) continue;
		paid++;
		if (user.active === false) inactivePaid++;
	}
	const summary: IDataObject = { ...seats, paidSeats: paid };
	if (otherRoles > 0) summary.otherRoles = otherRoles;
	if (activity?.read) {
		summary.inactivePaidSeats = inactivePaid;
		summary.activityFrom = activity.period.start;
		summary.activityTo = activity.period.end;
	}
	return { seatSummary: summary };
}
