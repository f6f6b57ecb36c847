import type { IDataObject } from 'n8n-workflow';

/** What a team is read for: which one, and what Help Scout calls it. */
const SIMPLE_TEAM_FIELDS = ['id', 'name', 'mention', 'timezone', 'createdAt', 'updatedAt'] as const;

export function simplifyTeam(team: IDataObject): IDataObject {
	return Object.fromEntries(SIMPLE_TEAM_FIELDS.filter((name) => team[name] !== undefined).map((name) => [name, team[name]]));
}
