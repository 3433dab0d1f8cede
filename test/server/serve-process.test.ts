// `npm run serve` end to end, from source (tsx), against the real services with a temp home:
// prints the URL line, trades the token for a cookie, answers the contract, stops on SIGTERM.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../electron/contract/api-types.js';

const URL_LINE = /CausalPrint is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))\s*$/m;

let child: ChildProcessWithoutNullStreams;
let output = '';
let url: string;
let origin: string;
let token: string;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'cp-serve-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'electron/server/serve.ts', '--home', home, '--demo', '--no-open'], {
    env: { ...process.env, CAUSALPRINT_HOME: home },
  });
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (output += chunk));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const found = URL_LINE.exec(output);
      if (found) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL:\n${output}`)));
  });
  url = match[1]!;
  origin = `http://127.0.0.1:${match[2]}`;
  token = match[3]!;
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('serve', () => {
  it('hands the token over as a cookie and redirects to /', async () => {
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${httpRoutes.tokenCookie}=${token};.*HttpOnly`, 'i'));
  });

  it('refuses the API without the token', async () => {
    const res = await fetch(`${origin}${httpRoutes.invoke('app:info')}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
  });

  it('answers the contract in server mode with the demo case present', async () => {
    const call = async (channel: 'app:info' | 'cases:list') => {
      const res = await fetch(`${origin}${httpRoutes.invoke(channel)}`, {
        method: 'POST', body: '{}', headers: { 'content-type': 'application/json', cookie: `${httpRoutes.tokenCookie}=${token}` },
      });
      return (await res.json()) as { ok: boolean; value: unknown };
    };
    expect(await call('app:info')).toMatchObject({ ok: true, value: { mode: 'server', capabilities: { uploads: true } } });
    const cases = await call('cases:list');
    expect(cases.ok).toBe(true);
    expect((cases.value as unknown[]).length).toBeGreaterThanOrEqual(1);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
