/**
 * A real n8n for the end-to-end run, `npm run demo:n8n`, the editor test and the benchmark,
 * installed once per version into .cache/ (outside the package's own dependencies), with this
 * package installed into its user folder the way n8n installs a community package.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

import { chooseNode24 } from './node24';

/** The package's folder, found from wherever this file runs (sources or .cache/build). */
function packageRoot(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'n8n-nodes-helpscout-users') {
			return dir;
		}
	}
	throw new Error('package root not found');
}

export const ROOT = packageRoot();
/**
 * The n8n these scripts run: the newest 2.x that installs from npm (2.41.3 does not: its
 * @n8n/agents@0.26.2 is missing from the registry; there is no 2.41.2). `N8N_VERSION=2.41.4 npm
 * run e2e` checks another, installed beside this one. The oldest the README claims, also run in CI.
 */
export const DEFAULT_N8N_VERSION = '2.41.1';
export const OLDEST_N8N_VERSION = '2.41.1';
export const N8N_VERSION = n8nVersion(process.env.N8N_VERSION);

function n8nVersion(asked: string | undefined): string {
	if (!asked) return DEFAULT_N8N_VERSION;
	// It names a folder and an npm spec: an exact version only, never a range or a tag.
	if (!/^\d+\.\d+\.\d+$/.test(asked)) throw new Error(`N8N_VERSION=${asked}: give an exact n8n version, e.g. 2.41.1`);
	return asked;
}
const CACHE = path.join(ROOT, '.cache');
const NODE24_INSTALL = path.join(CACHE, 'node24');
const node24 = chooseNode24(process.platform, process.arch, process.version, process.execPath);
/** The Node that runs n8n (see ./node24.ts); only Linux x64 is tested. */
export const NODE24 =
	node24.source === 'running' ? node24.bin : node24.source === 'registry' ? node24.bin(NODE24_INSTALL) : '';
/** Its headers, to build n8n's native sqlite3 module against. */
const NODE24_DIR = path.dirname(path.dirname(NODE24));
const N8N_DIR = path.join(CACHE, `n8n-${N8N_VERSION}`);
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const READY_MARK = path.join(N8N_DIR, '.ready');

export function log(message: string): void {
	process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** The script running (demo, e2e, bench, ...): its log and its tarball are its own. */
const SCRIPT = process.argv[1] ? path.basename(process.argv[1], '.js') : 'n8n';
/**
 * Where the installers' output goes (npm install, npm pack, the native rebuild): hundreds of npm
 * warnings about other packages' engines and peers, and npm pack's file list, are of no use unless
 * a step fails. One file per script (demo.log, bench.log, ...), started afresh by each run.
 */
export const INSTALL_LOG = path.join(CACHE, 'logs', `${SCRIPT}.log`);
let installLogStarted = false;

/** Runs an installer step to its end, its output into INSTALL_LOG; on failure, says where to look. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
	mkdirSync(path.dirname(INSTALL_LOG), { recursive: true });
	const line = [command, ...args].join(' ');
	const fd = openSync(INSTALL_LOG, installLogStarted ? 'a' : 'w');
	installLogStarted = true;
	try {
		writeSync(fd, `\n$ ${line}   (in ${options.cwd ?? process.cwd()})\n`);
		execFileSync(command, args, { stdio: ['ignore', fd, fd], ...options });
	} catch (error) {
		const status = (error as { status?: number | null }).status;
		const tail = readFileSync(INSTALL_LOG, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
		throw new Error(
			`\`${line}\` failed${status ? ` (exit ${status})` : ''}; its output is in ${path.relative(process.cwd(), INSTALL_LOG)}, ending:\n${tail}`,
		);
	} finally {
		closeSync(fd);
	}
}

/** Node 24 from the npm registry (n8n 2.36+ needs it) and n8n itself; skipped when cached. */
export function ensureRuntime(): void {
	if (node24.source === 'none') throw new Error(node24.reason);
	if (node24.source === 'registry' && !existsSync(NODE24)) {
		log(`Installing Node 24 from the npm registry (${node24.spec}; npm's output in ${path.relative(ROOT, INSTALL_LOG)}) ...`);
		mkdirSync(NODE24_INSTALL, { recursive: true });
		run('npm', ['install', '--prefix', NODE24_INSTALL, '--no-save', '--no-audit', '--no-fund', node24.spec]);
	}
	if (existsSync(READY_MARK)) {
		log(`n8n ${N8N_VERSION} is installed in ${path.relative(ROOT, N8N_DIR)}`);
		return;
	}
	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${path.relative(ROOT, N8N_DIR)} (a few minutes, about 3 GB; npm's output in ${path.relative(ROOT, INSTALL_LOG)}) ...`);
	mkdirSync(N8N_DIR, { recursive: true });
	writeFileSync(path.join(N8N_DIR, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
	// A Kafka client's install script downloads from outside: install without scripts, then build
	// the one native module n8n needs here (sqlite3) against Node 24's headers.
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${N8N_VERSION}`], { cwd: N8N_DIR });
	log('Building sqlite3 for Node 24 ...');
	// Under `npm run`, npm passes the project's ignore-scripts on to child npms: switch it back on.
	run('npm', ['rebuild', 'sqlite3'], {
		cwd: N8N_DIR,
		env: {
			...process.env,
			PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
			npm_config_nodedir: NODE24_DIR,
			npm_config_ignore_scripts: 'false',
		},
	});
	run(NODE24, ['-e', 'require("sqlite3")'], { cwd: N8N_DIR });
	writeFileSync(READY_MARK, new Date().toISOString());
	log(`n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Builds the package and packs it, as npm would publish it. Returns the tarball's path. */
export function packPackage(): string {
	log('Building and packing the package ...');
	// A folder per script, so that the demo packing does not pull the tarball from under an e2e run.
	const out = path.join(CACHE, 'pack', SCRIPT);
	rmSync(out, { recursive: true, force: true });
	mkdirSync(out, { recursive: true });
	// .npmrc sets ignore-scripts (n8n-core's isolated-vm cannot build on Node 20), which also
	// skips prepack: build explicitly.
	run('npm', ['run', 'build'], { cwd: ROOT });
	run('npm', ['pack', '--pack-destination', out], { cwd: ROOT });
	const tarball = readdirSync(out).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack made no tarball');
	return path.join(out, tarball);
}

export interface InstanceOptions {
	/** A folder of its own: the user folder with the database and installed packages. */
	name: string;
	/** The Help Scout stand-in's proxy URL; unset, n8n talks to the real Help Scout. */
	proxyUrl?: string;
	caFile?: string;
	port?: number;
	extraEnv?: NodeJS.ProcessEnv;
}

export class N8nInstance {
	readonly userFolder: string;
	readonly env: NodeJS.ProcessEnv;
	private servers: ChildProcess[] = [];

	constructor(readonly options: InstanceOptions) {
		this.userFolder = path.join(CACHE, 'instances', options.name);
		const proxy = options.proxyUrl
			? { HTTPS_PROXY: options.proxyUrl, HTTP_PROXY: options.proxyUrl, NO_PROXY: '127.0.0.1,localhost' }
			: {};
		this.env = {
			PATH: `${path.dirname(NODE24)}:${process.env.PATH}`,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'n8n-nodes-helpscout-users-local-test-key',
			N8N_PORT: String(options.port ?? 5678),
			// n8n's task broker listens too: one port above the editor, so instances can run side by side.
			N8N_RUNNERS_BROKER_PORT: String((options.port ?? 5678) + 1),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			// As the README asks of every install: n8n 3.0 turns it off, and this package is unverified.
			// In 2.41 it gates n8n's own installer (the editor's Install, N8N_COMMUNITY_PACKAGES), not a
			// package npm put in the nodes folder, as reset() does; set so that n8n runs as users run it.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: 'warn',
			DB_SQLITE_POOL_SIZE: '2',
			...(options.caFile ? { NODE_EXTRA_CA_CERTS: options.caFile } : {}),
			...proxy,
			...options.extraEnv,
		};
	}

	/** A fresh user folder with the package installed as n8n installs community packages. */
	reset(tarball: string): void {
		rmSync(this.userFolder, { recursive: true, force: true });
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		run('npm', ['install', '--ignore-scripts', '--omit=dev', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball], {
			cwd: nodesDir,
		});
	}

	/**
	 * Runs an n8n CLI command to its end. Asynchronous on purpose: the stand-in n8n talks to runs
	 * in this same process and must keep answering. Samples the process's peak memory as it runs.
	 */
	async spawnCli(args: string[], env: NodeJS.ProcessEnv = {}) {
		const child = spawn(NODE24, [N8N_BIN, ...args], {
			env: { ...this.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		let peakKb = 0;
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const sample = setInterval(() => {
			try {
				const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
				if (match) peakKb = Math.max(peakKb, Number(match[1]));
			} catch {
				// The process has just exited.
			}
		}, 200);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearInterval(sample);
		return { code, stdout, stderr, peakRssMb: Math.round(peakKb / 1024) };
	}

	/** Like spawnCli, but fails unless n8n exits 0; returns stdout. */
	async cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
		const { code, stdout, stderr } = await this.spawnCli(args, env);
		if (code !== 0) throw new Error(`n8n ${args[0]} exited with ${code}:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
		return stdout;
	}

	async importCredentials(credentials: unknown[]): Promise<void> {
		const file = path.join(this.userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	async importWorkflow(workflow: unknown): Promise<void> {
		const file = path.join(this.userFolder, 'workflow.json');
		writeFileSync(file, JSON.stringify(workflow));
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/**
	 * `n8n execute --id … --rawOutput`, whether the run succeeds or not. n8n prints the run
	 * through its logger, so the logger is set to JSON lines at info level and the run is the line
	 * whose message is the execution.
	 */
	async executeMeasured(workflowId: string): Promise<{ result: ExecutionResult; peakRssMb: number }> {
		const { stdout, stderr, peakRssMb } = await this.spawnCli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_FORMAT: 'json',
			NO_COLOR: '1',
		});
		for (const line of stdout.split('\n').reverse()) {
			const message = parseJson(parseJson(line)?.message);
			if (message?.data?.resultData) return { result: message as ExecutionResult, peakRssMb };
		}
		throw new Error(`n8n printed no execution data:\n${stdout.slice(-4000)}\n${stderr.slice(-2000)}`);
	}

	async execute(workflowId: string): Promise<ExecutionResult> {
		return (await this.executeMeasured(workflowId)).result;
	}

	/**
	 * `n8n start` (or another long-running command, e.g. `worker`), ready when /healthz/readiness
	 * answers. A worker started beside others on a busy 2-core machine has taken more than 120 s.
	 */
	async start(
		command: string[] = ['start'],
		readinessUrl = `${this.baseUrl}/healthz/readiness`,
		readyWithinMs = 120_000,
	): Promise<ChildProcess> {
		const server = spawn(NODE24, [N8N_BIN, ...command], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
		this.servers.push(server);
		let output = '';
		server.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
		server.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-20_000)));
		const deadline = Date.now() + readyWithinMs;
		while (Date.now() < deadline) {
			if (server.exitCode !== null) throw new Error(`n8n ${command[0]} exited while starting:\n${output}`);
			try {
				const response = await fetch(readinessUrl);
				if (response.ok) return server;
			} catch {
				// Not listening yet.
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n ${command[0]} did not become ready in ${readyWithinMs / 1000} s:\n${output}`);
	}

	/** The instance owner, set up over n8n's REST API as the first-run screen would. */
	/** Sets up the owner account; returns the session cookie, valid with the same `browser-id` header. */
	async setUpOwner(
		owner: { email: string; firstName: string; lastName: string; password: string },
		browserId = 'scripts',
	): Promise<{ cookie: string }> {
		const response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify(owner),
		});
		if (!response.ok) throw new Error(`owner set-up answered ${response.status}: ${await response.text()}`);
		return { cookie: response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ') };
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.env.N8N_PORT}`;
	}

	/** Stops every process `start` started. */
	async stop(): Promise<void> {
		await Promise.all(
			this.servers.map(async (server) => {
				if (server.exitCode !== null) return;
				const exited = new Promise((resolve) => server.once('exit', resolve));
				server.kill('SIGTERM');
				const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
				await exited;
				clearTimeout(timer);
			}),
		);
		this.servers = [];
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's log lines are untyped JSON
function parseJson(text: unknown): any {
	if (typeof text !== 'string' || !text.startsWith('{')) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export interface ExecutionResult {
	data: {
		resultData: {
			error?: { message: string; description?: string };
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string } }>>;
		};
	};
}

/** The JSON items a node output in the run. */
export function nodeOutput(result: ExecutionResult, nodeName: string): Array<Record<string, unknown>> {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[0].data?.main[0] ?? []).map((item) => item.json);
}
