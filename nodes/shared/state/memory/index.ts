import type { StateHome } from '../home';
import { claim, isClaimed } from './claims';
import { acquire, release } from './rateGate';
import { inTurn } from './turns';

/** The state in this process: what one n8n process can promise (regular mode, or Redis down). */
export const memoryHome: StateHome = {
	acquire,
	release,
	isClaimed: async (key, userId) => isClaimed(key, userId),
	claim: async (key, userId) => (claim(key, userId) ? 'claimed' : 'taken'),
	inTurn,
};
