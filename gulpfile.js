const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the code; the icons and codex files that n8n reads beside it are copied here.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist'))),
);
