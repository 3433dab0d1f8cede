// The evidence side panel opened from a grid row.

export class EvidencePanel {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('evidence-panel');
  }

  async text(testId) {
    return (await this.page.getByTestId(testId).textContent())?.trim();
  }

  async name() {
    return this.text('evidence-panel-name');
  }

  async intakeSha256() {
    return this.text('evidence-panel-sha256-intake');
  }

  async verifiedSha256() {
    return this.text('evidence-panel-sha256-verified');
  }

  /** data-integrity of the panel: verified | mismatch | missing | unverified. */
  async integrity() {
    return this.page.getByTestId('evidence-panel-integrity').getAttribute('data-integrity');
  }

  async metadataText() {
    return this.text('evidence-panel-metadata');
  }

  /** The original image shown in the panel: loaded or not, and its natural size. */
  async imageState() {
    return this.page.getByTestId('evidence-panel-image').evaluate((img) => ({ complete: img.complete, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight }));
  }

  async close() {
    await this.page.getByTestId('evidence-panel-close').click();
    await this.root.waitFor({ state: 'hidden' });
  }
}
