/**
 * Help Scout's teams as its API shows them (the official PHP SDK's TeamsEndpoint): `GET /v2/teams`
 * (HAL, `_embedded.teams`, 50 a page) and `GET /v2/teams/{id}/members` (`_embedded.users`, users as
 * `GET /v2/users` lists them). The API cannot change a team; the UI alone does, as tests do here.
 */
import { API } from './hal';

export interface FakeTeam {
	id: number;
	name: string;
	/** Users' IDs; a user removed from Help Scout drops out of every team. */
	memberIds: number[];
	createdAt: string;
	/** Listed, but reading its members answers 403, as for a team the credential may not see. */
	forbidden?: boolean;
}

export type NewTeam = Partial<FakeTeam> & Pick<FakeTeam, 'name'>;

export class Teams {
	all: FakeTeam[] = [];
	private nextId = 300;

	reset(): void {
		this.all = [];
		this.nextId = 300;
	}

	add(fields: NewTeam): FakeTeam {
		const team: FakeTeam = { id: this.nextId++, memberIds: [], createdAt: new Date(0).toISOString(), ...fields };
		this.all.push(team);
		return team;
	}

	byId(id: number): FakeTeam | undefined {
		return this.all.find((team) => team.id === id);
	}
}

/** A team as Help Scout lists it: like a user, with a mention, initials and `_links`. */
export function halTeam(team: FakeTeam) {
	const initials = team.name
		.split(/\s+/)
		.map((word) => word[0] ?? '')
		.join('')
		.slice(0, 2)
		.toUpperCase();
	return {
		id: team.id,
		name: team.name,
		timezone: 'America/New_York',
		photoUrl: `https://photos.example.com/teams/${team.id}.png`,
		createdAt: team.createdAt,
		updatedAt: team.createdAt,
		mention: team.name.toLowerCase().replace(/\W+/g, '-'),
		initials,
		_links: { self: { href: `${API}/teams/${team.id}` } },
	};
}
