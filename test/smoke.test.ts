import { runNode } from './helpers/engine';
import { clientCredentials, useFakeHelpScout } from './helpers/stand-in';

const fake = useFakeHelpScout();

test('smoke', async () => {
	const result = await runNode({
		credentials: clientCredentials(),
		parameters: { resource: 'user', operation: 'create', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', role: 'user' },
	});
	console.log(JSON.stringify(result.items), result.error, fake.requests.map(r => [r.method, r.path, r.body]));
});
