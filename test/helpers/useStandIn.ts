/**
 * Jest wiring for the Help Scout stand-in: one per test file, reset before every test, with n8n's
 * HTTP client sent to it through HTTPS_PROXY. Nothing leaves 127.0.0.1.
 */
import { Container } from '@n8n/di';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { forgetClaims } from '../../nodes/shared/state/memory/claims';
import { forgetBudgets } from '../../nodes/shared/state/memory/rateGate';
import { TestCredentialsHelper } from './engine';
import { FakeHelpScout } from '../stand-in';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-Zq81';

export function useFakeHelpScout(): FakeHelpScout {
	const fake = new FakeHelpScout();
	beforeAll(async () => {
		if (!process.env.NODE_EXTRA_CA_CERTS) {
			throw new Error('Run the tests with `npm test`: it sets NODE_EXTRA_CA_CERTS to the test CA');
		}
		const proxy = await fake.start();
		process.env.HTTPS_PROXY = proxy;
		process.env.https_proxy = proxy;
		delete process.env.NO_PROXY;
		delete process.env.no_proxy;
	});
	beforeEach(() => {
		fake.reset();
		// The stand-in is one Help Scout account, and the node keeps its rate budget and claims per
		// account: each test starts with them fresh, as a new n8n process would.
		forgetBudgets();
		forgetClaims();
		fake.addClient(CLIENT_ID, CLIENT_SECRET);
	});
	afterAll(async () => {
		await fake.stop();
		// The first node run makes n8n-core start a 60 s sweep for SSH tunnels; 1.x does not unref it
		// (2.x does) and stops it only on shutdown, so without this Jest would wait on it for ever.
		Container.get(SSHClientsManager).onShutdown();
	});
	return fake;
}

/** An internal app's credential: n8n fetches its own token from the stand-in. */
export function clientCredentials(extra: ICredentialDataDecryptedObject = {}): TestCredentialsHelper {
	return new TestCredentialsHelper({
		grantType: 'clientCredentials',
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		...extra,
	});
}

/**
 * An internal app's credential that has been used before: n8n stored the token it fetched, as it
 * does after a client-credentials credential's first request. Create's tests use it, so that what
 * they count is the create's own requests, not n8n's first token fetch.
 */
export function usedClientCredentials(fake: FakeHelpScout, extra: ICredentialDataDecryptedObject = {}): TestCredentialsHelper {
	const { refresh_token: _none, ...token } = fake.issueTokens(CLIENT_ID) as Record<string, unknown>;
	return clientCredentials({ oauthTokenData: token as ICredentialDataDecryptedObject, ...extra });
}

/** A public app's credential, connected earlier: it holds an access and a refresh token. */
export function authorizationCode(fake: FakeHelpScout, email = 'admin@example.com'): TestCredentialsHelper {
	const tokens = fake.issueTokens(CLIENT_ID, email);
	return new TestCredentialsHelper({
		grantType: 'authorizationCode',
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		oauthTokenData: tokens as ICredentialDataDecryptedObject,
	});
}
