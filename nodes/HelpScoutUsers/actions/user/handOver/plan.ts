/** What one hand-over is asked to do, once both users have been checked. */
export interface HandOverPlan {
	from: number;
	/** null: unassign. */
	to: number | null;
	statuses: string[];
	mailbox?: number;
}
