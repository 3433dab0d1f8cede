// Spec 5 of the issue: without the per-run token (missing or wrong) the server hands out no
// page, no case data and no pixels; with it, the same URLs work (so the refusals are real).
import { readFileSync } from 'node:fs';
import { assert, eventually } from '../lib/expect.js';
import { makeFixtureFolder } from '../lib/fixtures.js';
import { createCaseThroughForm, importThroughDialog, openCaseByNumber } from '../lib/flows.js';

const SECRET_CASE = { number: 'E2E-SECRET-7', title: 'Only for token holders', examiner: 'Dana Examiner' };

export default {
  name: 'access token',
  server: { demo: false },
  tests: [
    {
      name: 'with the token the case and its thumbnail are served (control)',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const fx = await makeFixtureFolder(t.scratch);
        await createCaseThroughForm(t.page, t.server.origin, SECRET_CASE);
        const view = await openCaseByNumber(t.page, t.server.origin, SECRET_CASE.number);
        const { dialog } = await importThroughDialog(t.page, (d) => d.chooseFiles([fx.images[0].path]), 1);
        await dialog.close();
        const thumbs = await eventually('a loaded thumbnail', () => view.thumbnailStates(), (s) => s.length === 1 && s[0].naturalWidth > 0);
        t.shared.thumbnailUrl = new URL(thumbs[0].src, t.server.origin).href;
        assert.equal((await t.page.request.get(t.shared.thumbnailUrl)).status(), 200);
        const api = await t.page.request.post(`${t.server.origin}/api/invoke/cases:list`, { data: {} });
        assert.equal(api.status(), 200);
        assert.match(await api.text(), new RegExp(SECRET_CASE.number));
      },
    },
    {
      name: 'the built server reports the package.json version (app:info)',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        // The bundle lives in out/main/chunks, not beside the sources: a path guessed relative
        // to the module once made the header say v0.0.0. Only the built server can show it.
        const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
        const res = await t.page.request.post(`${t.server.origin}/api/invoke/app:info`, { data: {} });
        assert.equal(res.status(), 200);
        assert.equal((await res.json()).value.version, version);
      },
    },
    {
      name: 'a page load without the token shows no data',
      anonymous: true,
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const response = await t.page.goto(`${t.server.origin}/#/cases`);
        assert.equal(response?.status(), 401);
        await assertNoAppData(t.page);
        await t.shoot(t.page, 'no-token-refused');
        const api = await t.page.request.post(`${t.server.origin}/api/invoke/cases:list`, { data: {} });
        assert.equal(api.status(), 401);
        assert.doesNotMatch(await api.text(), new RegExp(SECRET_CASE.number));
        assert.ok(t.shared.thumbnailUrl, 'the control test found a thumbnail URL');
        assert.equal((await t.page.request.get(/** @type {string} */ (t.shared.thumbnailUrl))).status(), 401);
      },
    },
    {
      name: 'a page load with a wrong token shows no data and sets no cookie',
      anonymous: true,
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const wrong = t.server.token.slice(0, -1) + (t.server.token.endsWith('A') ? 'B' : 'A');
        const response = await t.page.goto(`${t.server.origin}/?token=${wrong}`);
        assert.equal(response?.status(), 401);
        await assertNoAppData(t.page);
        assert.deepEqual(await t.page.context().cookies(), []);
        await t.shoot(t.page, 'wrong-token-refused');
      },
    },
  ],
};

/** The refused page is the server's error, not the app: no shell, no case number anywhere. */
async function assertNoAppData(page) {
  assert.equal(await page.getByTestId('app-title').count(), 0, 'the app shell is not served');
  const body = await page.content();
  assert.doesNotMatch(body, new RegExp(SECRET_CASE.number));
  assert.match(body, /token/i, 'the refusal says why (token)');
}
