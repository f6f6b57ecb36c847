/**
 * A real Redis for the queue-mode tests: Debian's redis-server on a free loopback port, with no
 * persistence, started and stopped by the test (stopped mid-run too, and started again on the
 * same port).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

import { Redis } from 'ioredis';

export const REDIS_SERVER = '/usr/bin/redis-server';

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export class RedisServer {
	port = 0;
	private process?: ChildProcess;

	/** Starts the server, unless it runs already (a test that failed before stopping it). */
	async start(): Promise<void> {
		if (this.process && this.process.exitCode === null) return;
		this.port ||= await freePort();
		const server = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.process = server;
		await new Promise<void>((resolve, reject) => {
			let output = '';
			server.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('Ready to accept connections')) resolve();
			});
			server.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
		});
	}

	async stop(): Promise<void> {
		const server = this.process;
		this.process = undefined;
		if (!server || server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGKILL');
		await exited;
	}

	/** The variables n8n's queue mode sets, pointing at this server. */
	queueModeEnv(prefix = 'bull'): Record<string, string> {
		return { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port), QUEUE_BULL_PREFIX: prefix };
	}

	/** Every key with its time to live (ms; -1 for none), to check what the node left behind. */
	async keys(): Promise<Record<string, number>> {
		const client = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true });
		try {
			await client.connect();
			const keys = await client.keys('*');
			const ttls = await Promise.all(keys.map(async (key) => await client.pttl(key)));
			return Object.fromEntries(keys.map((key, n) => [key, ttls[n]]));
		} finally {
			client.disconnect();
		}
	}

	async dump(key: string): Promise<string> {
		const client = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true });
		try {
			await client.connect();
			const type = await client.type(key);
			if (type === 'string') return String(await client.get(key));
			if (type === 'hash') return JSON.stringify(await client.hgetall(key));
			if (type === 'zset') return JSON.stringify(await client.zrange(key, 0, -1));
			return type;
		} finally {
			client.disconnect();
		}
	}
}
