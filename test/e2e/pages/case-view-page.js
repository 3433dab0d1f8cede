// Case view (#/cases/<id>): header, tabs and the evidence grid.

export class CaseViewPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /** The case id from the hash route `#/cases/<caseId>[/audit]`. */
  caseIdFromUrl() {
    const match = /#\/cases\/([^/?#]+)/.exec(this.page.url());
    if (!match) throw new Error(`not on a case route: ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }

  async headerNumber() {
    return (await this.page.getByTestId('case-number-label').textContent())?.trim();
  }

  async headerTitle() {
    return (await this.page.getByTestId('case-title-label').textContent())?.trim();
  }

  async openEvidenceTab() {
    await this.page.getByTestId('tab-evidence').click();
  }

  async openAuditTab() {
    await this.page.getByTestId('tab-audit').click();
    await this.page.getByTestId('audit-log').waitFor();
  }

  async clickImport() {
    await this.page.getByTestId('import-button').click();
    await this.page.getByTestId('import-dialog').waitFor();
  }

  async clickVerifyAll() {
    await this.page.getByTestId('verify-all-button').click();
  }

  /** Reloads the page (same route; the cookie keeps the session). */
  async reload() {
    await this.page.reload();
    await this.page.getByTestId('case-header').waitFor();
  }

  rows() {
    return this.page.getByTestId('evidence-row');
  }

  /** data-sha256 of every evidence row, in display order. */
  async rowHashes() {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sha256')));
  }

  row(sha256) {
    return this.page.locator(`[data-testid="evidence-row"][data-sha256="${sha256}"]`);
  }

  /** Text of one cell (`name`, `size`, `dimensions`, `hash`, `format`, `status`) of a row. */
  async cellText(sha256, cell) {
    return (await this.row(sha256).getByTestId(`evidence-${cell}`).textContent())?.trim();
  }

  /** Clicks a row; the side panel opens. */
  async openEvidence(sha256) {
    await this.row(sha256).click();
    await this.page.getByTestId('evidence-panel').waitFor();
  }

  async isEmptyStateShown() {
    return this.page.getByTestId('evidence-empty').isVisible();
  }

  /** For every thumbnail: whether it finished loading and its natural width (0 = broken image). */
  async thumbnailStates() {
    return this.page.getByTestId('evidence-thumb').evaluateAll((imgs) =>
      imgs.map((img) => ({ src: img.getAttribute('src'), complete: img.complete, naturalWidth: img.naturalWidth })),
    );
  }
}
