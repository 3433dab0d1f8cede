// Builds a local server over a fake (or real) AppContext with a tiny renderer folder, for inject() tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../electron/services/app-context-types.js';
import { createServer, type LocalServer } from '../../electron/server/create-server.js';

/** Port the inject() tests pretend to be bound to (the Host header must name it). */
export const TEST_PORT = 48_123;
export const HOST = `127.0.0.1:${TEST_PORT}`;

/** A renderer build stand-in: index.html, one asset, and a secret file beside (not inside) it. */
export function makeRendererDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'cp-renderer-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CausalPrint</title><div id="app"></div>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, '.env'), 'SECRET=dotfile');
  writeFileSync(join(root, 'secret.txt'), 'SECRET=outside-the-renderer');
  return dir;
}

/** Server with a known test port; remember to `close()`. */
export async function makeServer(ctx: AppContext): Promise<LocalServer> {
  return createServer({ ctx, rendererDir: makeRendererDir(), port: TEST_PORT });
}

/** Headers of a legitimate client holding the token. */
export function authed(server: LocalServer, extra: Record<string, string> = {}): Record<string, string> {
  return { host: HOST, authorization: `Bearer ${server.token}`, ...extra };
}
