const fs = require('fs');
const path = require('path');
const { task, src, dest } = require('gulp');
const esbuild = require('esbuild');

// tsc compiles the code; the icons and codex files that n8n reads beside it are copied here.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist'))),
);

// n8n installs a community package without runtime dependencies (its lint forbids them and says
// to bundle them), so ioredis, the Redis client n8n itself uses, is bundled into the one compiled
// module that imports it. The package's own modules stay apart (relative imports are left as they
// are): state kept in module variables must have one copy per process.
const CLIENT = 'dist/nodes/shared/state/redis/client.js';
task('build:bundle', async () => {
	await esbuild.build({
		entryPoints: [CLIENT],
		outfile: CLIENT,
		allowOverwrite: true,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		legalComments: 'inline',
		// tsc's source map described the module before ioredis was bundled into it.
		sourcemap: false,
		logLevel: 'warning',
		plugins: [
			{
				name: 'own-modules-apart',
				setup(build) {
					build.onResolve({ filter: /^\.\.?\// }, (args) =>
						args.importer === path.resolve(CLIENT) ? { path: args.path, external: true } : undefined,
					);
				},
			},
		],
	});
	fs.rmSync(`${CLIENT}.map`, { force: true });
});
