/**
 * Help Scout's OAuth2 as an app meets it: `POST /v2/oauth2/token` with client credentials or a
 * refresh token (rotated on use), bearer tokens that expire, and the user each app acts as.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';

import type { LoggedRequest } from './hal';

const TOKEN_LIFETIME_MS = 172_800_000;

interface OAuthClient {
	secret: string;
	/** The Help Scout user the app acts as. */
	userId: number;
}

interface IssuedToken {
	userId: number;
	expiresAt: number;
	clientId: string;
}

export class Auth {
	private readonly clients = new Map<string, OAuthClient>();
	private readonly tokens = new Map<string, IssuedToken>();
	private readonly refreshTokens = new Map<string, { clientId: string; userId: number }>();
	/** Every secret handed out, also those since expired or rotated. */
	private readonly minted: string[] = [];

	reset(): void {
		this.clients.clear();
		this.tokens.clear();
		this.refreshTokens.clear();
	}

	addClient(clientId: string, secret: string, userId: number): void {
		this.clients.set(clientId, { secret, userId });
	}

	/** A token pair as if issued earlier, for credentials stored with a token. */
	issueTokens(clientId: string, userId: number, expiresInMs = TOKEN_LIFETIME_MS) {
		return this.mint(clientId, userId, expiresInMs, true);
	}

	issuedSecrets(): string[] {
		return [...this.tokens.keys(), ...this.refreshTokens.keys(), ...this.minted];
	}

	expireAllTokens(): void {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}

	revokeRefreshTokens(): void {
		this.refreshTokens.clear();
	}

	/** The user id behind a request's bearer token, if it is valid now. */
	callerOf(request: LoggedRequest): number | undefined {
		const header = String(request.headers.authorization ?? '');
		const token = this.tokens.get(header.replace(/^Bearer /i, ''));
		return token && token.expiresAt > Date.now() ? token.userId : undefined;
	}

	/** The token endpoint. Plain OAuth2: `application/json`, errors included. */
	answerTokenRequest(request: LoggedRequest, res: http.ServerResponse): void {
		const form = request.body as Record<string, string>;
		const client = this.clients.get(form.client_id);
		if (!client || client.secret !== form.client_secret) {
			return sendToken(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
		}
		switch (form.grant_type) {
			case 'client_credentials':
				// Help Scout gives internal apps no refresh token.
				return sendToken(res, 200, this.mint(form.client_id, client.userId, TOKEN_LIFETIME_MS, false));
			case 'refresh_token': {
				const grant = this.refreshTokens.get(form.refresh_token);
				if (!grant || grant.clientId !== form.client_id) {
					return sendToken(res, 400, { error: 'invalid_request', error_description: 'Invalid refresh_token' });
				}
				// Help Scout rotates refresh tokens: the old one stops working.
				this.refreshTokens.delete(form.refresh_token);
				return sendToken(res, 200, this.mint(form.client_id, grant.userId, TOKEN_LIFETIME_MS, true));
			}
			default:
				return sendToken(res, 400, { error: 'unsupported_grant_type' });
		}
	}

	private mint(clientId: string, userId: number, expiresInMs: number, withRefresh: boolean) {
		const accessToken = `at-${randomUUID()}`;
		this.minted.push(accessToken);
		this.tokens.set(accessToken, { userId, clientId, expiresAt: Date.now() + expiresInMs });
		const answer: Record<string, unknown> = {
			token_type: 'bearer',
			access_token: accessToken,
			expires_in: Math.round(expiresInMs / 1000),
		};
		if (withRefresh) {
			const refreshToken = `rt-${randomUUID()}`;
			this.minted.push(refreshToken);
			this.refreshTokens.set(refreshToken, { clientId, userId });
			answer.refresh_token = refreshToken;
		}
		return answer;
	}
}

function sendToken(res: http.ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
}
