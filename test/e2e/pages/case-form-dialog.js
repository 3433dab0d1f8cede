// The new-case dialog: one helper per field and button.

export class CaseFormDialog {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('case-form');
  }

  async fillNumber(value) {
    await this.page.getByTestId('case-number').fill(value);
  }

  async fillTitle(value) {
    await this.page.getByTestId('case-title').fill(value);
  }

  async fillExaminer(value) {
    await this.page.getByTestId('case-examiner').fill(value);
  }

  async fillDescription(value) {
    await this.page.getByTestId('case-description').fill(value);
  }

  async submit() {
    await this.page.getByTestId('case-submit').click();
  }

  async cancel() {
    await this.page.getByTestId('case-cancel').click();
  }

  async isOpen() {
    return this.root.isVisible();
  }

  /** The server's refusal shown in the form (e.g. a duplicate case number), or null. */
  async serverError() {
    const el = this.page.getByTestId('case-form-error');
    return (await el.isVisible()) ? (await el.textContent())?.trim() : null;
  }

  /** Visible validation message of one field (`number`, `title`, `examiner`), or null. */
  async fieldError(field) {
    const el = this.page.getByTestId(`field-error-${field}`);
    return (await el.isVisible()) ? (await el.textContent())?.trim() : null;
  }

  async waitClosed() {
    await this.root.waitFor({ state: 'hidden' });
  }
}
