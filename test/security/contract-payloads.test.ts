// Invariant: a malformed contract payload (wrong types, extra keys, unknown channel, junk) gets a
// VALIDATION or NOT_FOUND envelope and never reaches a handler or crashes the front door.
import { afterEach, describe, expect, it } from 'vitest';
import { invokeChannels } from '../../electron/contract/contract.js';
import { dispatchInvoke } from '../../electron/contract/dispatch.js';
import type { LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { authed, makeServer } from '../helpers-frontdoor/server-harness.js';

const malformed: [channel: string, payload: unknown, code: 'VALIDATION' | 'NOT_FOUND'][] = [
  ['cases:get', { caseId: 42 }, 'VALIDATION'],
  ['cases:get', { caseId: '../../etc/passwd' }, 'VALIDATION'],
  ['cases:get', {}, 'VALIDATION'],
  ['cases:list', { search: 'x', path: '/etc/passwd' }, 'VALIDATION'],
  ['cases:list', { search: 'x'.repeat(201) }, 'VALIDATION'],
  ['cases:list', 'not an object', 'VALIDATION'],
  ['cases:list', [1, 2, 3], 'VALIDATION'],
  ['cases:create', { number: '../etc', title: 't', examiner: 'e' }, 'VALIDATION'],
  ['cases:create', { number: 'C-1', title: '', examiner: 'e' }, 'VALIDATION'],
  ['uploads:create', { fileCount: 1e9 }, 'VALIDATION'],
  ['uploads:create', { fileCount: '3' }, 'VALIDATION'],
  ['audit:list', { caseId: '00000000-0000-4000-8000-000000000000', limit: -1 }, 'VALIDATION'],
  ['settings:update', { maxPixels: 'lots' }, 'VALIDATION'],
  ['settings:update', { __proto__: { polluted: true }, constructor: 1 }, 'VALIDATION'],
  ['evidence:chooseAndImport', { caseId: '00000000-0000-4000-8000-000000000000', mode: 'files', paths: ['/etc'] }, 'VALIDATION'],
  ['fs:readFile', { path: '/etc/passwd' }, 'NOT_FOUND'],
  ['__proto__', {}, 'NOT_FOUND'],
  ['constructor', {}, 'NOT_FOUND'],
  ['cases:list:extra', {}, 'NOT_FOUND'],
];

describe('contract dispatch rejects malformed payloads', () => {
  for (const [channel, payload, code] of malformed) {
    it(`${channel} ${JSON.stringify(payload)} → ${code}, no handler runs`, async () => {
      const ctx = createFakeAppContext();
      const envelope = await dispatchInvoke(ctx.handlers, channel, payload);
      expect(envelope).toMatchObject({ ok: false, error: { code } });
      expect(ctx.calls).toEqual([]);
    });
  }

  it('turns a handler that breaks its output schema into an INTERNAL envelope, not a crash', async () => {
    const ctx = createFakeAppContext({ 'cases:list': () => [{ id: 'not-a-case' }] as never });
    const envelope = await dispatchInvoke(ctx.handlers, 'cases:list', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('every channel rejects an unknown extra key', async () => {
    const ctx = createFakeAppContext();
    for (const channel of invokeChannels) {
      const envelope = await dispatchInvoke(ctx.handlers, channel, { unexpectedKey: 1 });
      expect(envelope.ok, channel).toBe(false);
    }
    expect(ctx.calls).toEqual([]);
  });
});

describe('local server relays the same rejections', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers each malformed payload with its error envelope and keeps serving', async () => {
    const ctx = createFakeAppContext();
    server = await makeServer(ctx);
    for (const [channel, payload, code] of malformed) {
      const res = await server.app.inject({ method: 'POST', url: `/api/invoke/${encodeURIComponent(channel)}`, headers: authed(server), payload: payload as never });
      expect(res.json(), `${channel}`).toMatchObject({ ok: false, error: { code } });
    }
    expect(ctx.calls).toEqual([]);
    const ok = await server.app.inject({ method: 'POST', url: '/api/invoke/app:info', headers: authed(server), payload: {} });
    expect(ok.json()).toMatchObject({ ok: true, value: { name: 'CausalPrint' } });
  });
});
