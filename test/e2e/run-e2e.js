// End-to-end runner: for each suite in specs/, a fresh `serve` (own temp home), Debian Chromium
// through playwright-core, the suite's tests in order, then the server is stopped (also on failure).
// Usage: node test/e2e/run-e2e.js [name-filter]   (npm run test:e2e builds first)
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumProblem, launchChromium } from './lib/browser.js';
import { SCREENSHOT_ROOT, screenshotTaker } from './lib/screenshots.js';
import { serveEntryBuilt, startServer } from './lib/server.js';

const SPECS_DIR = resolve('test/e2e/specs');
const TEST_TIMEOUT_MS = 120_000;
const ACTION_TIMEOUT_MS = 15_000;

/**
 * @typedef {object} TestContext
 * @property {import('playwright-core').Page} page  signed in (the token URL was opened)
 * @property {import('./lib/server.js').RunningServer} server
 * @property {(page: import('playwright-core').Page, name: string) => Promise<string>} shoot
 * @property {() => Promise<import('playwright-core').Page>} newAnonymousPage  a page in a fresh context without the cookie
 * @property {string} scratch  a temp dir for fixtures, removed after the suite
 * @property {Record<string, unknown>} shared  state handed from one test of the suite to the next
 * @property {(label: string) => void} step
 */

async function main() {
  const started = Date.now();
  const filter = process.argv[2];
  const preflight = chromiumProblem() ?? buildProblem();
  if (preflight) {
    console.error(`e2e: cannot run: ${preflight}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }

  const suites = await loadSuites(filter);
  if (suites.length === 0) {
    console.error(`e2e: no suite matches "${filter}"`);
    process.exit(1);
  }
  const browser = await launchChromium();
  const tally = { passed: 0, failed: 0, failures: [] };
  try {
    for (const suite of suites) await runSuite(browser, suite, tally);
  } finally {
    await browser.close();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const failure of tally.failures) console.log(`  FAILED ${failure}`);
  console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed (${seconds}s; screenshots in ${SCREENSHOT_ROOT})`);
  process.exit(tally.failed === 0 ? 0 : 1);
}

function buildProblem() {
  if (!serveEntryBuilt()) return 'out/main/serve.js is missing: run "npm run build" (npm run test:e2e does it first).';
  if (!existsSync(resolve('out/renderer/index.html'))) return 'out/renderer/index.html is missing: the renderer is not built ("npm run build").';
  return null;
}

async function loadSuites(filter) {
  const files = readdirSync(SPECS_DIR).filter((f) => f.endsWith('.spec.js')).sort();
  const suites = [];
  for (const file of files) {
    const suite = (await import(pathToFileURL(join(SPECS_DIR, file)).href)).default;
    suite.slug = file.replace(/\.spec\.js$/, '');
    if (!filter || suite.slug.includes(filter) || suite.name.includes(filter)) suites.push(suite);
  }
  return suites;
}

async function runSuite(browser, suite, tally) {
  console.log(`\n▶ ${suite.name}${suite.server?.demo ? ' (--demo server)' : ''}`);
  const shoot = screenshotTaker(suite.slug);
  const scratch = mkdtempSync(join(tmpdir(), 'causalprint-e2e-fixtures-'));
  let server;
  let suiteFailed = false;
  try {
    server = await startServer({ demo: Boolean(suite.server?.demo) });
  } catch (error) {
    tally.failed += suite.tests.length;
    tally.failures.push(`${suite.name}: server did not start`);
    console.log(`  ✗ server did not start: ${error.message}`);
    rmSync(scratch, { recursive: true, force: true });
    return;
  }
  const shared = {};
  try {
    for (const test of suite.tests) {
      const ok = await runTest(browser, { test, server, shoot, scratch, shared });
      if (ok) tally.passed += 1;
      else {
        tally.failed += 1;
        tally.failures.push(`${suite.name} › ${test.name}`);
        suiteFailed = true;
      }
    }
  } finally {
    await server.stop();
    if (suiteFailed) {
      console.log(`  server output:\n${indent(server.output().slice(-3000))}`);
      console.log(`  kept for inspection: home ${server.home}, fixtures ${scratch}`);
    } else {
      server.removeHome();
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

async function runTest(browser, { test, server, shoot, scratch, shared }) {
  const contexts = [];
  const browserLog = [];
  const openContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => browserLog.push(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') browserLog.push(`console.${msg.type()}: ${msg.text()}`);
    });
    return page;
  };
  let currentStep = '(setup)';
  let page;
  const started = Date.now();
  try {
    page = await openContext();
    if (!test.anonymous) await page.goto(server.url);
    /** @type {TestContext} */
    const t = { page, server, shoot, scratch, shared, newAnonymousPage: openContext, step: (label) => (currentStep = label) };
    await withTimeout(test.run(t), TEST_TIMEOUT_MS, `test exceeded ${TEST_TIMEOUT_MS / 1000}s`);
    console.log(`  ✓ ${test.name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    return true;
  } catch (error) {
    console.log(`  ✗ ${test.name} — at step "${currentStep}"`);
    console.log(indent(error?.stack ?? String(error)));
    if (browserLog.length) console.log(`  browser log:\n${indent(browserLog.slice(-20).join('\n'))}`);
    if (page) await shoot(page, `FAILED-${slugify(test.name)}`).catch(() => undefined);
    return false;
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function slugify(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

main().catch((error) => {
  console.error(`e2e: runner crashed: ${error?.stack ?? error}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
