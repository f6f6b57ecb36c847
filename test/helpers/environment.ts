/**
 * Jest's Node environment, and how a finished test worker leaves. Each test file loads n8n's
 * engine anew, so a worker ends its run holding several hundred MB; nothing holds it then (no
 * socket, server or timer: only its stdio), but on a busy machine Node's teardown of that heap took
 * over a second, and Jest kills a worker still alive 500 ms after the run ("A worker process has
 * failed to exit gracefully and has been force exited"). Once the worker is exiting, the heap needs
 * no teardown: `process.exit` in the 'exit' listener ends the process as it stands, with its code.
 * This module runs in the worker itself (the tests run in a sandbox inside it), once per worker.
 */
import NodeEnvironment from 'jest-environment-node';

if (process.env.JEST_WORKER_ID !== undefined && process.send !== undefined) {
	process.once('exit', (code) => process.exit(code));
}

export default NodeEnvironment;
