/**
 * One n8n worker of a queue-mode test: a child node process (see queueWorkers.ts) that runs the
 * node through n8n's real engine with the environment n8n's queue mode has, against the Help
 * Scout stand-in of the parent test. It reads a job as JSON from its IPC channel, answers with the
 * items, the error and n8n's log lines, and on a `stop` message presses Stop and says how long the
 * node took to end.
 */
import { Logger } from '@n8n/backend-common';
import { LoggerProxy } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { RunOptions } from './engine';
import { nodeExecutions, runNode, TestCredentialsHelper } from './engine';

export interface WorkerJob {
	parameters: IDataObject;
	items?: IDataObject[];
	/** The credential's data, and the ID n8n gives it: two workers of one credential share it. */
	credential: { id: string; data: IDataObject };
}

export interface WorkerAnswer {
	items: IDataObject[];
	error?: string;
	log: string[];
	/** How long the node's execute() went on after Stop, when stopped. */
	stoppedInMs?: number;
	/** How long the execution took, from its start (not the worker's). */
	ranMs: number;
}

const log: string[] = [];
// n8n-core points LoggerProxy at n8n's Logger when the engine starts: what the node logs is read
// where it arrives, either way.
for (const level of ['error', 'warn'] as const) {
	const record = (message: string) => void log.push(message);
	(LoggerProxy as Record<typeof level, typeof record>)[level] = record;
	(Logger.prototype as unknown as Record<typeof level, typeof record>)[level] = record;
}

type Running = Parameters<NonNullable<RunOptions['onStart']>>[0];

process.once('message', (job: WorkerJob) => {
	let running: Running | undefined;
	let stoppedInMs: number | undefined;
	const credentials = new TestCredentialsHelper(job.credential.data as ICredentialDataDecryptedObject);
	Object.defineProperty(credentials, 'id', { value: job.credential.id });
	process.on('message', (message: { stop?: boolean }) => {
		if (!message.stop || !running) return;
		const stoppedAt = Date.now();
		running.cancel();
		void Promise.all(nodeExecutions).then(() => (stoppedInMs = Date.now() - stoppedAt));
	});
	const startedAt = Date.now();
	void runNode({ parameters: job.parameters, items: job.items, credentials, continueOnFail: true, onStart: (started) => (running = started) })
		.then(async (result) => {
			await Promise.all(nodeExecutions);
			const answer: WorkerAnswer = {
				items: result.items.map((item) => item.json),
				error: result.error?.message,
				log,
				stoppedInMs,
				ranMs: Date.now() - startedAt,
			};
			process.send!(answer, () => process.exit(0));
		})
		.catch((error: Error) => process.send!({ items: [], error: `harness: ${error.stack}`, log, ranMs: 0 }, () => process.exit(1)));
});
