// Invariant: the front-door guarantees (token on every request, no path from the client, malformed
// payloads answered with an error envelope) hold over the real services, not only over a fake,
// and an upload → import → evidence pixel round trip works through them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../electron/contract/api-types.js';
import type { Envelope, InvokeChannel, InvokeOutput } from '../../electron/contract/contract.js';
import type { LocalServer } from '../../electron/server/create-server.js';
import { createAppContext } from '../../electron/services/app-context.js';
import type { AppContext } from '../../electron/services/app-context-types.js';
import { authed, HOST, makeServer } from '../helpers-frontdoor/server-harness.js';

let ctx: AppContext;
let server: LocalServer;

beforeAll(async () => {
  ctx = await createAppContext({ home: mkdtempSync(join(tmpdir(), 'cp-real-')), mode: 'server' });
  server = await makeServer(ctx);
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

async function call<C extends InvokeChannel>(channel: C, payload: unknown): Promise<Envelope<InvokeOutput<C>>> {
  const res = await server.app.inject({ method: 'POST', url: httpRoutes.invoke(channel), headers: authed(server), payload: payload as object });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** The value of a call that must succeed. */
async function value<C extends InvokeChannel>(channel: C, payload: unknown): Promise<InvokeOutput<C>> {
  const envelope = await call(channel, payload);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  return envelope.value;
}

describe('local server over the real AppContext', () => {
  it('creates nothing for a request without the token', async () => {
    const res = await server.app.inject({
      method: 'POST', url: httpRoutes.invoke('cases:create'), headers: { host: HOST }, payload: { number: 'X-1', title: 'Intruder', examiner: 'Mallory' },
    });
    expect(res.statusCode).toBe(401);
    expect(await value('cases:list', {})).toEqual([]);
  });

  it('answers malformed payloads with VALIDATION and keeps working', async () => {
    for (const [channel, payload] of [
      ['cases:create', { number: 42 }],
      ['cases:get', { caseId: '../../etc/passwd' }],
      ['evidence:importUpload', { caseId: 'x', uploadId: 'y' }],
      ['settings:update', { maxPixels: -1 }],
      ['audit:verify', { caseId: '00000000-0000-4000-8000-000000000000', extra: true }],
    ] as const) {
      const envelope = await call(channel, payload);
      expect(envelope.ok ? 'ok' : envelope.error.code, channel).toBe('VALIDATION');
    }
    expect(await value('app:info', {})).toMatchObject({ mode: 'server' });
  });

  it('imports an uploaded image and serves its pixels by id only', async () => {
    const { id: caseId } = await value('cases:create', { number: 'RT-1', title: 'Round trip', examiner: 'Tester' });
    const upload = await value('uploads:create', { fileCount: 1 });
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();
    const put = await server.app.inject({
      method: 'PUT', url: httpRoutes.upload(upload.uploadId, 0),
      headers: authed(server, { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: encodeURIComponent('red.png') }),
      payload: png,
    });
    expect(put.json()).toMatchObject({ ok: true });

    const job = await value('evidence:importUpload', { caseId, uploadId: upload.uploadId });
    await expect.poll(async () => (await value('jobs:get', { jobId: job.jobId })).status, { timeout: 30_000, interval: 100 }).not.toBe('running');
    const [item] = await value('evidence:list', { caseId });
    expect(item).toBeDefined();

    const original = await server.app.inject({ method: 'GET', url: httpRoutes.evidence(item!.id, 'original'), headers: authed(server) });
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(original.rawPayload.equals(png)).toBe(true);
    const thumbnail = await server.app.inject({ method: 'GET', url: httpRoutes.evidence(item!.id, 'thumbnail'), headers: authed(server) });
    expect(thumbnail.statusCode).toBe(200);

    for (const url of [`/evidence/..%2f..%2f${item!.id}/original`, `/evidence/${item!.id}/..%2f..%2fdatabase`]) {
      expect((await server.app.inject({ method: 'GET', url, headers: authed(server) })).statusCode).toBe(404);
    }
    const stolen = await server.app.inject({ method: 'GET', url: httpRoutes.evidence(item!.id, 'original'), headers: { host: HOST } });
    expect(stolen.statusCode).toBe(401);
  });
});
