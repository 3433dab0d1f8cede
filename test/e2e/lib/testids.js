// Checks that the renderer shows the data-testid attributes promised for a given screen.

/**
 * The ids of `ids` that have no visible element on the page right now. An empty list means the
 * screen honours the agreement; a non-empty one names the deviation exactly.
 * @param {import('playwright-core').Page} page
 * @param {string[]} ids
 */
export async function missingTestIds(page, ids) {
  const missing = [];
  for (const id of ids) {
    const visible = await page.getByTestId(id).first().isVisible().catch(() => false);
    // File inputs are routinely hidden behind styled buttons; attached is enough for them.
    const attached = id.endsWith('-input') ? (await page.getByTestId(id).count()) > 0 : false;
    if (!visible && !attached) missing.push(id);
  }
  return missing;
}
