/**
 * `npm run test:browser`: the node in the real n8n editor, driven in Debian's headless Chromium.
 * Signs in, adds the node from the node creator, checks its fields, adds two mailbox rows from the
 * dropdown (which must list the sandbox's inboxes from all three pages), runs the step and reads
 * id and location in the output panel. Saves the screenshots the README shows.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';
import type { Locator, Page } from 'playwright-core';

import { TEST_CA_FILE } from '../test/stand-in';
import { OWNER, sandboxCredential, startSandbox } from '../test/stand-in/sandbox';
import { ensureRuntime, log, N8nInstance, packPackage, ROOT } from './lib/n8n';

const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The flags this machine needs: no sandbox as root, and no calls home on a closed network.
const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/** Opens an options dropdown, reads what it lists, then types to filter and picks `option`. */
async function chooseFromDropdown(page: Page, dropdown: Locator, option: string): Promise<string[]> {
	const items = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
	// A click that lands while the row is still settling opens nothing: try again, a few times.
	for (let attempt = 1; ; attempt++) {
		await dropdown.locator('input').first().click();
		try {
			// The options arrive once the node has read every page of inboxes.
			await items.first().waitFor({ timeout: 10_000 });
			break;
		} catch (error) {
			if (attempt === 3) {
				await page.screenshot({ path: path.join(SCREENSHOTS, 'failure.png') });
				throw error;
			}
			await page.keyboard.press('Escape');
		}
	}
	const names = (await items.allInnerTexts()).map((text) => text.split('\n')[0]);
	await page.keyboard.type(option);
	await items.filter({ hasText: option }).first().click();
	return names;
}

async function main() {
	const started = Date.now();
	ensureRuntime();
	const tarball = packPackage();
	const { sandbox, proxyUrl } = await startSandbox();
	const n8n = new N8nInstance({ name: 'browser', proxyUrl, caFile: TEST_CA_FILE, port: 5689 });
	n8n.reset(tarball);
	await n8n.importCredentials([sandboxCredential]);
	await n8n.start();
	await n8n.setUpOwner(OWNER);
	log(`n8n up in ${Math.round((Date.now() - started) / 1000)} s; opening the editor in Chromium ...`);

	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
	mkdirSync(SCREENSHOTS, { recursive: true });
	try {
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.setDefaultTimeout(30_000);
		await page.goto(`${n8n.baseUrl}/signin`);
		await page.fill('input[name="emailOrLdapLoginId"]', OWNER.email);
		await page.fill('input[name="password"]', OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL(/\/home/);
		await page.goto(`${n8n.baseUrl}/workflow/new`);

		log('Adding the node from the node creator ...');
		// On an empty canvas the node creator lists triggers, and this package has one too (Help Scout
		// Users Trigger): start with a manual trigger, then add the node from the regular list.
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('item-iterator-item').filter({ hasText: 'Trigger manually' }).first().click();
		// The "+" on the trigger's output opens the node creator for the next, connected step.
		await page.getByTestId('canvas-handle-plus').first().click();
		await page.getByTestId('node-creator-search-bar').fill('Help Scout Users');
		await page.getByTestId('item-iterator-item').filter({ hasText: 'Help Scout Users' }).first().click();
		await page.getByTestId('item-iterator-item').filter({ hasText: 'Create user' }).first().waitFor();
		const actions = await page.getByTestId('item-iterator-item').allInnerTexts();
		for (const action of ['Create user', 'Get user', 'Get current user', 'Get many users', 'Get user status']) {
			assert.ok(actions.some((text) => text.includes(action)), `action "${action}" is listed among ${JSON.stringify(actions)}`);
		}
		await page.getByTestId('item-iterator-item').filter({ hasText: 'Create user' }).first().click();

		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		// The only Help Scout Users credential is picked by itself.
		assert.equal(await ndv.getByTestId('node-credentials-select').locator('input').first().inputValue(), 'Help Scout');
		for (const name of ['resource', 'operation', 'firstName', 'lastName', 'email', 'role', 'sendInvite']) {
			await ndv.getByTestId(`parameter-input-${name}`).waitFor();
		}
		for (const [name, value] of [
			['firstName', 'Ada'],
			['lastName', 'Lovelace'],
			['email', 'ada@example.com'],
		]) {
			await ndv.getByTestId(`parameter-input-${name}`).locator('input, textarea').first().fill(value);
		}
		assert.match(await ndv.innerText(), /Additional Fields[\s\S]*Options/);

		log('Adding two mailbox rows from the dropdown ...');
		const mailboxes = ndv.getByTestId('fixed-collection-mailboxes');
		for (const [row, inbox] of [
			[0, 'Billing'],
			[1, 'Team Inbox 120'],
		] as const) {
			await mailboxes.getByTestId('fixed-collection-add').click();
			const dropdown = mailboxes.getByTestId('parameter-input-id').nth(row);
			await dropdown.waitFor();
			const listed = await chooseFromDropdown(page, dropdown, inbox);
			// Three pages of 50 in the sandbox: all 120 listed, first and last pages included.
			assert.equal(listed.length, sandbox.mailboxes.length);
			assert.ok(listed.includes('Support') && listed.includes('Team Inbox 120'));
		}
		await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' });
		await ndv.getByText('Additional Fields').scrollIntoViewIfNeeded();
		await page.waitForTimeout(500);
		await page.screenshot({ path: path.join(SCREENSHOTS, 'create-user-panel.png') });

		log('Running the step ...');
		await ndv.getByTestId('node-execute-button').click();
		const output = ndv.getByTestId('output-panel');
		await output.getByText('https://api.helpscout.net/v2/users/').first().waitFor();
		const [user] = sandbox.usersWithEmail('ada@example.com');
		assert.ok(user, 'the sandbox holds the new user');
		assert.deepEqual(user.mailboxes, [
			{ id: 2, emailAccess: true },
			{ id: 120, emailAccess: true },
		]);
		const text = await output.innerText();
		assert.ok(text.includes(String(user.id)), 'the output shows the id');
		assert.ok(text.includes(`https://api.helpscout.net/v2/users/${user.id}`), 'the output shows the location');
		await page.screenshot({ path: path.join(SCREENSHOTS, 'create-user-output.png') });
		const post = sandbox.apiRequests('POST')[0];
		assert.deepEqual(post.body, {
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			role: 'user',
			sendInvite: true,
			mailboxes: [
				{ id: 2, emailAccess: true },
				{ id: 120, emailAccess: true },
			],
		});
	} finally {
		await browser.close();
		await n8n.stop();
		await sandbox.stop();
	}
	log(`browser test passed in ${Math.round((Date.now() - started) / 1000)} s; screenshots in docs/screenshots/`);
}

main().catch((error) => {
	process.stderr.write(`browser test FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
