// Starts one `serve` process on a fresh temp home and parses its URL line; stops it for sure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The line `serve` prints once it listens (see electron/server/serve.ts). */
const URL_LINE = /CausalPrint is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))\s*$/m;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 8_000;

/** The bundled serve entry built by `npm run build`. */
export const SERVE_ENTRY = resolve('out/main/serve.js');

/**
 * @typedef {object} RunningServer
 * @property {string} url      the printed URL, token included
 * @property {string} origin   http://127.0.0.1:PORT
 * @property {string} token
 * @property {string} home     the server's data directory (a fresh temp dir)
 * @property {() => string} output  everything the process printed so far
 * @property {() => Promise<void>} stop  SIGTERM, then SIGKILL if it lingers
 * @property {(keepHome?: boolean) => void} removeHome
 */

/**
 * Spawns `node out/main/serve.js --home <fresh temp dir> --port 0 --no-open [--demo]`.
 * `CAUSALPRINT_E2E_FROM_SOURCE=1` runs electron/server/serve.ts through tsx instead (no rebuild
 * needed while iterating on the e2e side; the renderer must still be built in out/renderer).
 * @param {{ demo?: boolean }} options
 * @returns {Promise<RunningServer>}
 */
export async function startServer({ demo = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'causalprint-e2e-'));
  const fromSource = process.env.CAUSALPRINT_E2E_FROM_SOURCE === '1';
  const entry = fromSource ? ['--import', 'tsx', 'electron/server/serve.ts'] : [SERVE_ENTRY];
  const args = [...entry, '--home', home, '--port', '0', '--no-open', ...(demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, CAUSALPRINT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  liveChildren.add(child);
  exited.then(() => liveChildren.delete(child));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const match = await waitForUrlLine(() => output, exited);
    return {
      url: match[1],
      origin: `http://127.0.0.1:${match[2]}`,
      token: match[3],
      home,
      output: () => output,
      stop,
      removeHome: () => rmSync(home, { recursive: true, force: true }),
    };
  } catch (error) {
    await stop();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

async function waitForUrlLine(readOutput, exited) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit = null;
  exited.then((value) => (exit = value));
  for (;;) {
    const match = URL_LINE.exec(readOutput());
    if (match) return match;
    if (exit) throw new Error(`serve exited (code ${exit.code}, signal ${exit.signal}) before printing its URL:\n${readOutput()}`);
    if (Date.now() > deadline) throw new Error(`serve printed no URL within ${START_TIMEOUT_MS / 1000}s:\n${readOutput()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the bundle exists (the runner says how to build it when not). */
export function serveEntryBuilt() {
  return process.env.CAUSALPRINT_E2E_FROM_SOURCE === '1' || existsSync(SERVE_ENTRY);
}

// Every server still running when the runner dies is killed with it (Ctrl+C, crash).
const liveChildren = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    process.exit(130);
  });
}
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
