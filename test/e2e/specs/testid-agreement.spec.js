// The renderer side of TESTIDS.md screen by screen, plus the behaviours those ids carry that
// the journey specs do not reach: every field error, the server's refusal, search, settings.
import { randomUUID } from 'node:crypto';
import { CaseFormDialog } from '../pages/case-form-dialog.js';
import { CaseListPage } from '../pages/case-list-page.js';
import { ImportDialog } from '../pages/import-dialog.js';
import { SettingsPage } from '../pages/settings-page.js';
import { assert, eventually, eventuallyEqual } from '../lib/expect.js';
import { makeFixtureFolder } from '../lib/fixtures.js';
import { createCaseThroughForm, importThroughDialog, openCaseByNumber } from '../lib/flows.js';
import { missingTestIds } from '../lib/testids.js';

const HARBOUR = { number: 'E2E-A-1', title: 'Harbour fire', examiner: 'Dana Examiner' };
const WAREHOUSE = { number: 'E2E-B-2', title: 'Warehouse theft', examiner: 'Lee Examiner' };

export default {
  name: 'data-testid agreement',
  server: { demo: false },
  tests: [
    {
      name: 'the new-case form names every missing field and shows the server refusal of a taken number',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        await createCaseThroughForm(t.page, t.server.origin, HARBOUR);
        const list = new CaseListPage(t.page, t.server.origin);
        await list.clickNewCase();
        const form = new CaseFormDialog(t.page);
        assert.deepEqual(await missingTestIds(t.page, ['case-form', 'case-number', 'case-title', 'case-examiner', 'case-description', 'case-submit', 'case-cancel']), []);

        t.step('submit an empty form');
        await form.fillExaminer('');
        // Leave the field first: see the dead-click test below for why.
        await t.page.getByTestId('case-examiner').blur();
        await form.submit();
        await eventually('three field errors', async () => [await form.fieldError('number'), await form.fieldError('title'), await form.fieldError('examiner')], (e) => e.every(Boolean));
        await t.shoot(t.page, 'case-form-all-field-errors');

        t.step('submit a number that is taken');
        await form.fillNumber(HARBOUR.number);
        await form.fillTitle('Another title');
        await form.fillExaminer('Dana Examiner');
        await form.submit();
        const refusal = await eventually('the server refusal', () => form.serverError(), Boolean);
        assert.match(refusal, /already exists/i);
        assert.ok(await form.isOpen(), 'the form stays open on a refusal');
        await t.shoot(t.page, 'case-form-server-error');
        await form.cancel();
        await form.waitClosed();
      },
    },
    {
      name: 'the first click on "submit" straight from an emptied required field submits (no layout shift under the pointer)',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        await list.clickNewCase();
        const form = new CaseFormDialog(t.page);
        await form.fillExaminer('');
        // The pointer goes down on the button while the examiner field still has focus: its
        // blur shows "Examiner is required"; if that pushes the button away before the pointer
        // comes up, the click is lost and the form neither submits nor shows the other errors.
        await form.submit();
        await eventually('the number and title errors after one click', async () => [await form.fieldError('number'), await form.fieldError('title')], (e) => e.every(Boolean), 5_000);
        await form.cancel();
      },
    },
    {
      name: 'the case list shows its ids and search filters the rows',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        await createCaseThroughForm(t.page, t.server.origin, WAREHOUSE);
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        await eventuallyEqual('both cases listed', async () => (await list.caseNumbers()).sort(), [HARBOUR.number, WAREHOUSE.number]);
        const ids = ['app-title', 'nav-cases', 'nav-settings', 'mode-badge', 'case-search', 'new-case-button', 'case-list', 'case-row'];
        const cells = ['case-row-number', 'case-row-title', 'case-row-examiner', 'case-row-status'];
        assert.deepEqual(await missingTestIds(t.page, [...ids, ...cells]), []);
        const row = list.row(WAREHOUSE.number);
        assert.deepEqual(
          await Promise.all(cells.map(async (c) => (await row.getByTestId(c).textContent())?.trim())),
          [WAREHOUSE.number, WAREHOUSE.title, WAREHOUSE.examiner, 'open'],
        );
        await list.search('harbour');
        await eventuallyEqual('only the matching case', () => list.caseNumbers(), [HARBOUR.number]);
        await t.shoot(t.page, 'case-list-search');
      },
    },
    {
      name: 'an empty case view and the import dialog show their ids; close shuts the dialog',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const view = await openCaseByNumber(t.page, t.server.origin, WAREHOUSE.number);
        await eventually('the empty evidence state', () => view.isEmptyStateShown(), Boolean);
        const caseIds = ['case-header', 'case-number-label', 'case-title-label', 'tab-evidence', 'tab-audit', 'verify-all-button', 'import-button', 'evidence-empty'];
        assert.deepEqual(await missingTestIds(t.page, caseIds), []);
        await view.clickImport();
        // import-cancel stops a running import (jobs:cancel), so before a start only import-close is there.
        assert.deepEqual(await missingTestIds(t.page, ['import-dialog', 'import-file-input', 'import-folder-input', 'import-start', 'import-close']), []);
        assert.equal(await t.page.getByTestId('import-cancel').count(), 0, 'no import to cancel yet');
        await new ImportDialog(t.page).close();
      },
    },
    {
      name: 'a grid row shows size, format and dimensions of the file',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const fx = await makeFixtureFolder(t.scratch);
        const image = fx.images[1];
        const view = await openCaseByNumber(t.page, t.server.origin, WAREHOUSE.number);
        const { dialog } = await importThroughDialog(t.page, (d) => d.chooseFiles([image.path]), 1);
        await dialog.close();
        await view.row(image.sha256).waitFor();
        const cells = ['thumb', 'name', 'size', 'dimensions', 'hash', 'format', 'status'].map((c) => `evidence-${c}`);
        assert.deepEqual(await missingTestIds(t.page, ['evidence-grid', ...cells]), []);
        assert.match(await view.cellText(image.sha256, 'format'), /jpe?g/i);
        assert.match(await view.cellText(image.sha256, 'size'), /\d/);
        assert.equal(await view.cellText(image.sha256, 'dimensions'), `${image.width}×${image.height}`);
      },
    },
    {
      name: 'an unknown case id in the address shows the server error as an error toast',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        await t.page.goto(`${t.server.origin}/#/cases/${randomUUID()}`);
        const message = await eventually('an error toast', () => list.errorToastText(), Boolean);
        assert.match(message, /no case/i);
        await t.shoot(t.page, 'unknown-case-error-toast');
      },
    },
    {
      name: 'settings: a changed examiner name is saved and survives a reload',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const list = new CaseListPage(t.page, t.server.origin);
        await list.goto();
        const settings = new SettingsPage(t.page);
        await settings.openFromNav();
        // The form renders before the stored settings arrive (a loaded machine shows the gap): wait for them.
        await eventually('the stored max pixels shown', () => settings.maxPixels(), (v) => v >= 1_000_000);
        await settings.fillExaminer('Robin Analyst');
        await settings.save();
        await eventually('a confirmation toast', () => t.page.getByTestId('toast-info').first().isVisible(), Boolean);
        await t.shoot(t.page, 'settings-saved');
        await t.page.reload();
        await eventuallyEqual('the saved examiner after reload', () => settings.examiner(), 'Robin Analyst');
      },
    },
  ],
};
