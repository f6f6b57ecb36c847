import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ActivityPeriodChoice } from '../../../shared/activity';
import { activityPeriodOf, includesActivity, UserActivity } from '../../../shared/activity';
import type { Include } from '../../../shared/access';
import { includeOf, UserAccess } from '../../../shared/access';
import type { HelpScoutApi } from '../../../shared/transport/client';
import { simplifyUser, withoutLinks } from '../../../shared/simplifyUser';
import { simplifyOf } from './userReadOptions';

/** What a read operation's item asks to add to its users, checked before any request. */
export interface AskedExtras {
	include: Include;
	period?: ActivityPeriodChoice;
	simplify: boolean;
}

export function askedExtrasOf(context: IExecuteFunctions, itemIndex: number): AskedExtras {
	return {
		include: includeOf((name, fallback) => context.getNodeParameter(name, itemIndex, fallback)),
		period: includesActivity(context, itemIndex) ? activityPeriodOf(context, itemIndex) : undefined,
		simplify: simplifyOf(context, itemIndex),
	};
}

/** Inboxes, teams and activity, as asked, read at the same time, once per execution each. */
export class UserExtras {
	private constructor(
		private readonly asked: AskedExtras,
		private readonly access: UserAccess,
		readonly activity?: UserActivity,
	) {}

	static async read(context: IExecuteFunctions, api: HelpScoutApi, asked: AskedExtras): Promise<UserExtras> {
		// Both end before a failure is thrown, so no request runs on behind the error.
		const [access, activity] = await Promise.allSettled([
			UserAccess.of(context, api, asked.include),
			asked.period && UserActivity.of(context, api, asked.period),
		]);
		if (access.status === 'rejected') throw access.reason;
		if (activity.status === 'rejected') throw activity.reason;
		return new UserExtras(asked, access.value, activity.value);
	}

	/** The user as output: with what was asked for, simplified unless Simplify is off. */
	output(user: IDataObject): IDataObject {
		const joined = this.activity ? this.activity.join(this.access.join(user)) : this.access.join(user);
		return this.asked.simplify ? simplifyUser(joined) : withoutLinks(joined);
	}

	/** What could not be read, as error items once per execution (or thrown without continueOnFail). */
	problems(context: IExecuteFunctions, itemIndex: number): IDataObject[] {
		return [...this.access.problems(context, itemIndex), ...(this.activity?.problems(context, itemIndex) ?? [])];
	}
}
