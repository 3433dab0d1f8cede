// Settings (#/settings): examiner name and import limits.

export class SettingsPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
  }

  async openFromNav() {
    await this.page.getByTestId('nav-settings').click();
    await this.page.getByTestId('settings-save').waitFor();
  }

  async examiner() {
    return this.page.getByTestId('settings-examiner').inputValue();
  }

  async fillExaminer(value) {
    await this.page.getByTestId('settings-examiner').fill(value);
  }

  async maxPixels() {
    return Number(await this.page.getByTestId('settings-max-pixels').inputValue());
  }

  async save() {
    await this.page.getByTestId('settings-save').click();
  }
}
