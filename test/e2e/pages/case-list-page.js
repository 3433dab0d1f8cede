// Case list (#/cases) and the app shell around it; testids from TESTIDS.md.

export class CaseListPage {
  /** @param {import('playwright-core').Page} page @param {string} origin */
  constructor(page, origin) {
    this.page = page;
    this.origin = origin;
  }

  /** Opens #/cases (the cookie from the token URL must already be set). */
  async goto() {
    await this.page.goto(`${this.origin}/#/cases`);
    await this.page.getByTestId('app-title').waitFor();
  }

  async modeBadgeText() {
    return (await this.page.getByTestId('mode-badge').textContent())?.trim();
  }

  /** Types into the search box (the list filters as one types). */
  async search(text) {
    await this.page.getByTestId('case-search').fill(text);
  }

  async clickNewCase() {
    await this.page.getByTestId('new-case-button').click();
    await this.page.getByTestId('case-form').waitFor();
  }

  /** Case numbers of the rows shown, in order. */
  async caseNumbers() {
    return this.page.getByTestId('case-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-number')));
  }

  /** The row of one case, by its number. */
  row(caseNumber) {
    return this.page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);
  }

  async openCase(caseNumber) {
    await this.row(caseNumber).click();
    await this.page.getByTestId('case-header').waitFor();
  }

  async isEmptyStateShown() {
    return this.page.getByTestId('case-list-empty').isVisible();
  }

  async errorToastText() {
    const toast = this.page.getByTestId('toast-error');
    return (await toast.isVisible()) ? (await toast.textContent())?.trim() : null;
  }
}
