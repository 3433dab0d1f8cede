// The import dialog: choose files or a folder, start, watch progress, read the per-file results.

export class ImportDialog {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('import-dialog');
  }

  /** Picks a whole folder through the webkitdirectory input. */
  async chooseFolder(dirPath) {
    await this.page.getByTestId('import-folder-input').setInputFiles(dirPath);
  }

  /** Picks files through the multiple-file input. */
  async chooseFiles(paths) {
    await this.page.getByTestId('import-file-input').setInputFiles(paths);
  }

  async selectedCountText() {
    return (await this.page.getByTestId('import-selected-count').textContent())?.trim();
  }

  async start() {
    await this.page.getByTestId('import-start').click();
  }

  async cancel() {
    await this.page.getByTestId('import-cancel').click();
  }

  /** The <progress> element's value and max. */
  async progress() {
    return this.page.getByTestId('import-progress').evaluate((el) => ({ value: Number(el.value), max: Number(el.max) }));
  }

  async progressLabel() {
    return (await this.page.getByTestId('import-progress-label').textContent())?.trim();
  }

  /** Waits for the results list to be shown. */
  async waitForResults() {
    await this.page.getByTestId('import-results').waitFor();
  }

  /** One entry per file: its name, status and (for rejected files) the reason shown. */
  async results() {
    return this.page.getByTestId('import-result').evaluateAll((items) =>
      items.map((item) => ({
        file: item.getAttribute('data-file'),
        status: item.getAttribute('data-status'),
        reason: item.querySelector('[data-testid="import-result-reason"]')?.textContent?.trim() ?? null,
      })),
    );
  }

  async summaryText() {
    return (await this.page.getByTestId('import-summary').textContent())?.trim();
  }

  async close() {
    await this.page.getByTestId('import-close').click();
    await this.root.waitFor({ state: 'hidden' });
  }
}
