import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { helpScoutList } from '../transport';

/** Users for the "From List" picker; the filter narrows by name or email on this side. */
export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const users = await helpScoutList.call(this, '/users', 'users');
	const wanted = filter?.trim().toLowerCase();
	const results = users
		.map((user) => ({
			name: `${String(user.firstName ?? '')} ${String(user.lastName ?? '')}`.trim() + ` (${String(user.email)})`,
			value: String(user.id),
		}))
		.filter((user) => !wanted || user.name.toLowerCase().includes(wanted))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/** Teams for the "From List" picker; the filter narrows by name on this side. */
export async function searchTeams(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const teams = await helpScoutList.call(this, '/teams', 'teams');
	const wanted = filter?.trim().toLowerCase();
	const results = teams
		.map((team) => ({ name: String(team.name ?? team.id), value: String(team.id) }))
		.filter((team) => !wanted || team.name.toLowerCase().includes(wanted))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
