// "Attribute all" in the case view: the button, the job's progress bar and summary, and the
// Attribution column of the evidence grid.

export class BatchAttribution {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.bar = page.getByTestId('batch-attribution');
  }

  async clickAttributeAll() {
    await this.page.getByTestId('attribute-all-button').click();
    await this.bar.waitFor();
  }

  async isAttributeAllEnabled() {
    return this.page.getByTestId('attribute-all-button').isEnabled();
  }

  /** running | completed | cancelled | failed (attribute data-status), null when the bar is not shown. */
  async status() {
    if (!(await this.bar.isVisible())) return null;
    return this.bar.getAttribute('data-status');
  }

  /** "done / total". */
  async progressLabel() {
    return (await this.page.getByTestId('batch-progress-label').textContent())?.trim();
  }

  /** value and max of the <progress> bar. */
  async progress() {
    return this.page.getByTestId('batch-progress').evaluate((el) => ({ value: Number(el.getAttribute('value')), max: Number(el.getAttribute('max')) }));
  }

  /** "3 attributed, 0 skipped, 1 failed" once the job ended, else null. */
  async summaryText() {
    const summary = this.page.getByTestId('batch-summary');
    return (await summary.isVisible()) ? (await summary.textContent())?.trim() : null;
  }

  /** Items listed as failed or skipped: status, evidence id and (for failures) the reason. */
  async outcomes() {
    return this.page.getByTestId('batch-outcome').evaluateAll((rows) =>
      rows.map((r) => ({
        status: r.getAttribute('data-status'),
        evidenceId: r.getAttribute('data-evidence-id'),
        reason: r.querySelector('[data-testid="batch-outcome-reason"]')?.textContent?.trim() ?? null,
      })),
    );
  }

  /** The refusal to start (e.g. a library that cannot attribute yet), or null. */
  async errorText() {
    const error = this.page.getByTestId('batch-error');
    return (await error.isVisible()) ? (await error.textContent())?.replace(/\s+/g, ' ').trim() : null;
  }

  async cancel() {
    await this.page.getByTestId('batch-cancel').click();
  }

  async reanalyseAll() {
    await this.page.getByTestId('batch-force').click();
  }

  async close() {
    await this.page.getByTestId('batch-close').click();
    await this.bar.waitFor({ state: 'hidden' });
  }

  /** The grid's Attribution cell of the row with this SHA-256: outcome (generator key | unknown | none | failed | loading) and text. */
  async cell(sha256) {
    const cell = this.page.locator(`[data-testid="evidence-row"][data-sha256="${sha256}"] [data-testid="evidence-attribution"]`);
    // The words of the cell's innermost spans, one space apart ("grid 100.0 % note", "unknown source").
    const text = await cell.evaluate((el) =>
      [...el.querySelectorAll('span')]
        .filter((span) => !span.querySelector('span'))
        .map((span) => span.textContent.trim())
        .join(' '),
    );
    return { outcome: await cell.getAttribute('data-outcome'), text };
  }
}
