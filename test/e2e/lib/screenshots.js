// Full-page screenshots of key states under test-output/e2e/<suite>/ (gitignored).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCREENSHOT_ROOT = resolve('test-output/e2e');

/**
 * A numbered screenshot taker for one suite: shots come out in the order they were taken.
 * The suite's folder is emptied first, so it only ever shows the latest run.
 */
export function screenshotTaker(suiteSlug) {
  const dir = join(SCREENSHOT_ROOT, suiteSlug);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  /** @param {import('playwright-core').Page} page @param {string} name */
  return async function shoot(page, name) {
    n += 1;
    const path = join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };
}
