import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Help Scout's own OAuth2 app credential. Named apart from n8n's built-in `helpScoutOAuth2Api`
 * because credential type names are global across all installed packages.
 */
export class HelpScoutUsersOAuth2Api implements ICredentialType {
	name = 'helpScoutUsersOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Help Scout Users OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/HelpScoutUsers/helpScoutUsers.svg',
		dark: 'file:../nodes/HelpScoutUsers/helpScoutUsers.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-helpscout-users/n8n-nodes-helpscout-users#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'options',
			options: [
				{
					name: 'Authorization Code',
					value: 'authorizationCode',
					description: 'For an app that other Help Scout accounts install; needs the redirect URL',
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description: "For your own account's internal app; no redirect URL",
				},
			],
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://secure.helpscout.net/authentication/authorizeClientApplication',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://api.helpscout.net/v2/oauth2/token',
			required: true,
		},
		{
			// Help Scout has no scopes: an app acts with all the rights of the user who connected it.
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Help Scout's token endpoint reads client_id and client_secret from the form body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			// n8n's OAuth2 fields are named the OAuth way; Help Scout's My Apps page names them otherwise.
			displayName: 'App ID -> Client ID, App Secret -> Client Secret',
			name: 'myAppsNotice',
			type: 'notice',
			default: '',
		},
	];

	/**
	 * Saving the credential reads the user the app acts as. n8n fetches a client-credentials token
	 * for it first (a wrong App ID or Secret fails there); an Authorization Code credential is
	 * tested by connecting it. Creating users needs an Administrator or the Account Owner; a Light
	 * User cannot use Help Scout's API at all, so an app that acts as one is refused here too.
	 */
	test: ICredentialTestRequest = {
		request: { baseURL: 'https://api.helpscout.net/v2', url: '/users/me' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'role',
					value: 'light user',
					message:
						"Connected, but the app acts as a Light User, and Light Users cannot use Help Scout's API. Use the app of an Administrator or the Account Owner.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'role',
					value: 'user',
					message:
						'Connected, but the app acts as a User, not an Administrator: it can read users, not create them. Use the app of an Administrator or the Account Owner.',
				},
			},
		],
	};
}
