/**
 * n8n workers for the queue-mode tests: each a real child node process running the node through
 * n8n's engine (queueWorker.ts) on the engine this Jest project tests, in queue mode against one
 * Redis, sent to the parent's Help Scout stand-in like the node in the parent is.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import { ENGINE_MAJOR } from './engine';
import type { WorkerAnswer, WorkerJob } from './queueWorker';

export interface Worker {
	/** The worker's answer once its execution ended. */
	answer: Promise<WorkerAnswer>;
	/** Presses Stop in the worker. */
	stop(): void;
	process: ChildProcess;
}

const started: ChildProcess[] = [];

/** Ends every worker still running, e.g. after a test failed before it stopped them. */
export function endWorkers(): void {
	for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}

export function startWorker(job: WorkerJob, env: Record<string, string>): Worker {
	const child = fork(path.join(__dirname, 'queueWorker.ts'), [], {
		execArgv: ['-r', path.join(__dirname, 'tsRequire.js')],
		env: { ...process.env, ...env, N8N_ENGINE_MAJOR: String(ENGINE_MAJOR), N8N_LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const answer = new Promise<WorkerAnswer>((resolve, reject) => {
		child.once('message', (message) => resolve(message as WorkerAnswer));
		child.once('exit', (code) => reject(new Error(`worker exited (${code}) without an answer`)));
	});
	// A worker ended by endWorkers() after its test failed has no answer; nobody waits for it then.
	answer.catch(() => undefined);
	started.push(child);
	child.send(job);
	return { answer, stop: () => child.send({ stop: true }), process: child };
}
