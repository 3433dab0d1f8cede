// Spec 4 of the issue: `serve --demo` opens on a demo case whose sample images load as thumbnails.
import { CaseListPage } from '../pages/case-list-page.js';
import { CaseViewPage } from '../pages/case-view-page.js';
import { assert, eventually, eventuallyEqual } from '../lib/expect.js';
import { demoSamples } from '../lib/fixtures.js';

const DEMO_CASE_NUMBER = 'DEMO-0001';

export default {
  name: 'demo server',
  server: { demo: true },
  tests: [
    {
      name: 'the demo case lists its bundled samples with loaded thumbnails',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const samples = demoSamples();
        assert.ok(samples.length > 0, 'build/demo-samples holds images');
        // serve prints this when its --demo import found no samples; say so rather than time out.
        t.step('serve --demo found its samples');
        const missing = /demo samples not found at ([^;\s]+)/.exec(t.server.output());
        assert.ok(!missing, `serve --demo did not find build/demo-samples (looked in ${missing?.[1]}), so the demo case is empty`);
        t.step('open the demo case');
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        await list.row(DEMO_CASE_NUMBER).waitFor();
        await t.shoot(t.page, 'case-list-demo');
        await list.openCase(DEMO_CASE_NUMBER);
        const view = new CaseViewPage(t.page);
        t.step('rows and thumbnails');
        const expected = samples.map((s) => s.sha256).sort();
        await eventuallyEqual('one row per bundled sample', async () => (await view.rowHashes()).sort(), expected);
        const thumbs = await eventually(
          'every thumbnail loaded (naturalWidth > 0)',
          () => view.thumbnailStates(),
          (s) => s.length === samples.length && s.every((i) => i.complete && i.naturalWidth > 0),
        );
        assert.equal(thumbs.length, samples.length);
        await t.shoot(t.page, 'demo-case-thumbnails');
      },
    },
  ],
};
