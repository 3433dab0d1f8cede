// Multi-step user journeys composed from the page objects, shared by several specs.
import { CaseFormDialog } from '../pages/case-form-dialog.js';
import { CaseListPage } from '../pages/case-list-page.js';
import { CaseViewPage } from '../pages/case-view-page.js';
import { ImportDialog } from '../pages/import-dialog.js';
import { eventually } from './expect.js';

/** Creates a case through the new-case form and waits for its row. */
export async function createCaseThroughForm(page, origin, { number, title, examiner = 'E2E Examiner', description = '' }) {
  const list = new CaseListPage(page, origin);
  await list.goto();
  await list.clickNewCase();
  const form = new CaseFormDialog(page);
  await form.fillNumber(number);
  await form.fillTitle(title);
  await form.fillExaminer(examiner);
  if (description) await form.fillDescription(description);
  await form.submit();
  await form.waitClosed();
  await list.goto();
  await list.row(number).waitFor();
}

/** Opens a case from the list by its number; returns the case view. */
export async function openCaseByNumber(page, origin, number) {
  const list = new CaseListPage(page, origin);
  await list.goto();
  await list.openCase(number);
  return new CaseViewPage(page);
}

/**
 * Runs one import through the dialog (`choose` picks the files), waits until every file has a
 * result and returns the results, the summary and the final progress; the dialog stays open.
 */
export async function importThroughDialog(page, choose, expectedCount) {
  const view = new CaseViewPage(page);
  await view.clickImport();
  const dialog = new ImportDialog(page);
  await choose(dialog);
  await dialog.start();
  await dialog.waitForResults();
  const results = await eventually(`${expectedCount} import results`, () => dialog.results(), (r) => r.length === expectedCount, 60_000);
  return { dialog, results };
}

/**
 * Base name of a shown file name. A folder import keeps the path inside the chosen folder
 * ("evidence-drop/gradient.png"); TESTIDS.md does not say which, so both are accepted.
 */
export function baseName(file) {
  return (file ?? '').split(/[\\/]/).pop();
}
