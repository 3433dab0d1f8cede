// The audit tab of a case: the hash-chained log and its verification.

export class AuditPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  /** Every row's action and sequence number, in display order. */
  async entries() {
    return this.page.getByTestId('audit-row').evaluateAll((rows) =>
      rows.map((r) => ({ action: r.getAttribute('data-action'), seq: Number(r.getAttribute('data-seq')) })),
    );
  }

  async clickVerify() {
    await this.page.getByTestId('audit-verify-button').click();
  }

  /** The verification outcome once shown: data-valid as a boolean and the text. */
  async verifyResult() {
    const result = this.page.getByTestId('audit-verify-result');
    await result.waitFor();
    return { valid: (await result.getAttribute('data-valid')) === 'true', dataValid: await result.getAttribute('data-valid'), text: (await result.textContent())?.trim() };
  }
}
