// Spec 5 of the issue: without the per-run token (missing or wrong) the server hands out no
// page, no case data and no pixels; with it, the same URLs work (so the refusals are real).
import { CaseListPage } from '../pages/case-list-page.js';
import { CaseViewPage } from '../pages/case-view-page.js';
import { assert, eventually } from '../lib/expect.js';

const DEMO_CASE_NUMBER = 'DEMO-0001';

export default {
  name: 'access token',
  server: { demo: true },
  tests: [
    {
      name: 'with the token the demo case and its thumbnails are served (control)',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        await list.openCase(DEMO_CASE_NUMBER);
        const view = new CaseViewPage(t.page);
        const thumbs = await eventually('thumbnails', () => view.thumbnailStates(), (s) => s.length > 0 && s.every((i) => i.src));
        t.shared.thumbnailUrl = new URL(thumbs[0].src, t.server.origin).href;
        const res = await t.page.request.get(t.shared.thumbnailUrl);
        assert.equal(res.status(), 200);
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
        assert.doesNotMatch(await api.text(), new RegExp(DEMO_CASE_NUMBER));
        if (t.shared.thumbnailUrl) assert.equal((await t.page.request.get(t.shared.thumbnailUrl)).status(), 401);
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
  assert.doesNotMatch(body, new RegExp(DEMO_CASE_NUMBER));
  assert.match(body, /token/i, 'the refusal says why (token)');
}
