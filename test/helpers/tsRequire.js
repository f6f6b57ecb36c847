/**
 * Lets a child node process run this repository's TypeScript (the engine harness, the node) as
 * Jest does: each .ts file is transpiled on load, and on n8n 1.x's engine (N8N_ENGINE_MAJOR=1) the
 * same modules are swapped for 1.x's as jest.config.js maps them.
 */
const Module = require('module');
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const major = Number(process.env.N8N_ENGINE_MAJOR || 2);
globalThis.N8N_ENGINE_MAJOR = major;
const root = path.resolve(__dirname, '../..');
const v1 = {
	'n8n-core': 'node_modules/n8n-core-v1',
	'n8n-workflow': 'node_modules/n8n-workflow-v1',
	'@n8n/di': 'node_modules/n8n-core-v1/node_modules/@n8n/di',
	'@n8n/backend-common': 'node_modules/n8n-core-v1/node_modules/@n8n/backend-common',
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	const own = parent && parent.filename && !parent.filename.includes(`${path.sep}node_modules${path.sep}`);
	if (own && request.startsWith('.')) {
		// `./HelpScoutUsers.node` is the .ts module, not the codex .json beside it, as in Jest.
		const source = path.resolve(path.dirname(parent.filename), `${request}.ts`);
		if (fs.existsSync(source)) return source;
	}
	const [name, ...sub] = request.split('/');
	const scoped = name.startsWith('@') ? `${name}/${sub.shift()}` : name;
	if (own && major === 1 && v1[scoped]) request = path.join(root, v1[scoped], ...sub);
	return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
	const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
	});
	module._compile(outputText, filename);
};
