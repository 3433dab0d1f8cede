import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../electron/contract/api-types.js';
import { createServer, type LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext, type FakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { HOST, authed, makeRendererDir, makeServer } from '../helpers-frontdoor/server-harness.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(ctx: FakeAppContext = createFakeAppContext()): Promise<{ server: LocalServer; ctx: FakeAppContext }> {
  server = await makeServer(ctx);
  return { server, ctx };
}

describe('local server: contract over HTTP', () => {
  it('answers a valid invoke with the handler result in an ok envelope', async () => {
    const { server, ctx } = await setup();
    const res = await server.app.inject({ method: 'POST', url: httpRoutes.invoke('cases:list'), headers: authed(server), payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, value: [{ number: 'C-1' }] });
    expect(ctx.calls).toEqual(['cases:list']);
  });

  it('answers handled errors with 200 and the error envelope', async () => {
    const { server } = await setup();
    const res = await server.app.inject({ method: 'POST', url: httpRoutes.invoke('jobs:get'), headers: authed(server), payload: { jobId: randomUUID() } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No such thing' } });
  });

  it('answers an unparsable JSON body with 400 and a VALIDATION envelope', async () => {
    const { server, ctx } = await setup();
    const res = await server.app.inject({
      method: 'POST', url: httpRoutes.invoke('cases:list'), headers: authed(server, { 'content-type': 'application/json' }), payload: '{nope',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ctx.calls).toEqual([]);
  });

  it('sets the security headers on API, static and error responses', async () => {
    const { server } = await setup();
    for (const url of ['/', '/assets/app.js', '/api/nothing']) {
      const res = await server.app.inject({ method: 'GET', url, headers: authed(server) });
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('local server: token hand-over', () => {
  it('trades ?token= for an HttpOnly SameSite=Strict cookie and redirects to /', async () => {
    const { server } = await setup();
    const res = await server.app.inject({ method: 'GET', url: `/?token=${server.token}`, headers: { host: HOST } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`${httpRoutes.tokenCookie}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);

    const page = await server.app.inject({ method: 'GET', url: '/', headers: { host: HOST, cookie: `${httpRoutes.tokenCookie}=${server.token}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="app">');
  });

  it('serves index.html for client-side routes but not for /api or /evidence', async () => {
    const { server } = await setup();
    const route = await server.app.inject({ method: 'GET', url: '/cases/123', headers: authed(server) });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('CausalPrint');
    const api = await server.app.inject({ method: 'GET', url: '/api/unknown', headers: authed(server) });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('local server: uploads', () => {
  it('streams the body to writeUpload with the decoded display name', async () => {
    const { server, ctx } = await setup();
    const uploadId = randomUUID();
    const res = await server.app.inject({
      method: 'PUT',
      url: httpRoutes.upload(uploadId, 2),
      headers: authed(server, { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: encodeURIComponent('dir/é photo.png') }),
      payload: Buffer.from('pixels'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, value: { bytes: 6 } });
    expect(ctx.uploads).toEqual([{ uploadId, index: 2, name: 'dir/é photo.png', bytes: Buffer.from('pixels') }]);
  });

  it('refuses bodies over the size limit from settings with 413', async () => {
    const { server, ctx } = await setup();
    const res = await server.app.inject({
      method: 'PUT',
      url: httpRoutes.upload(randomUUID(), 0),
      headers: authed(server, { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: 'big.png' }),
      payload: Buffer.alloc(5_000_001),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('big.png');
    expect(ctx.uploads).toEqual([]);
  });

  it('refuses a bad index or a missing file name header', async () => {
    const { server, ctx } = await setup();
    const headers = authed(server, { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: 'a.png' });
    for (const url of [`/api/uploads/${randomUUID()}/1e3`, `/api/uploads/${randomUUID()}/-1`, '/api/uploads/not-a-uuid/0']) {
      const res = await server.app.inject({ method: 'PUT', url, headers, payload: Buffer.from('x') });
      expect(res.statusCode).toBe(400);
    }
    const noName = await server.app.inject({
      method: 'PUT', url: httpRoutes.upload(randomUUID(), 0), headers: authed(server, { 'content-type': 'application/octet-stream' }), payload: Buffer.from('x'),
    });
    expect(noName.statusCode).toBe(400);
    expect(ctx.uploads).toEqual([]);
  });
});

describe('local server: evidence pixels', () => {
  it('serves an original by id with its type, nosniff and a Content-Disposition', async () => {
    const { server, ctx } = await setup();
    const res = await server.app.inject({ method: 'GET', url: httpRoutes.evidence(ctx.evidenceId, 'original'), headers: authed(server) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${ctx.evidenceId}"`);
    expect(res.rawPayload.equals(ctx.evidenceBytes)).toBe(true);
  });

  it('answers 404 for an unknown id', async () => {
    const { server } = await setup();
    const res = await server.app.inject({ method: 'GET', url: httpRoutes.evidence(randomUUID(), 'thumbnail'), headers: authed(server) });
    expect(res.statusCode).toBe(404);
  });
});

describe('local server: events', () => {
  it('relays context events as SSE and unsubscribes when the client leaves', async () => {
    const ctx = createFakeAppContext();
    server = await createServer({ ctx, rendererDir: makeRendererDir() });
    const { port } = await server.listen();
    const token = server.token;

    const firstEvent = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: httpRoutes.events, headers: { authorization: `Bearer ${token}` } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('retry:') && ctx.subscriberCount() === 1 && !text.includes('event:')) {
            ctx.emit('jobs:progress', { jobId: randomUUID(), caseId: randomUUID(), total: 3, done: 1, current: 'a.png' });
          }
          const match = /event: .*\ndata: .*\n\n/.exec(text);
          if (match) {
            req.destroy();
            resolve(match[0]);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(firstEvent).toMatch(/^event: jobs:progress\ndata: \{.*"current":"a.png".*\}\n\n$/);
    await expect.poll(() => ctx.subscriberCount()).toBe(0);
  });
});

describe('local server: upload content types', () => {
  it('accepts the type a browser puts on a File, and a body without a type', async () => {
    const { server, ctx } = await setup();
    const uploadId = randomUUID();
    for (const [index, type] of [[0, 'image/png'], [1, 'application/json'], [2, undefined]] as const) {
      const headers = authed(server, { [httpRoutes.fileNameHeader]: `f${index}.png`, ...(type ? { 'content-type': type } : {}) });
      const res = await server.app.inject({ method: 'PUT', url: httpRoutes.upload(uploadId, index), headers, payload: Buffer.from(`bytes-${index}`) });
      expect(res.statusCode, String(type)).toBe(200);
    }
    expect(ctx.uploads.map((u) => u.bytes.toString())).toEqual(['bytes-0', 'bytes-1', 'bytes-2']);
  });
});

describe('local server: streamed upload limit', () => {
  it('cuts off a chunked body (no Content-Length) once it passes the limit', async () => {
    const ctx = createFakeAppContext();
    server = await createServer({ ctx, rendererDir: makeRendererDir() });
    const { port } = await server.listen();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1', port, method: 'PUT', path: httpRoutes.upload(randomUUID(), 0),
          headers: { authorization: `Bearer ${server!.token}`, 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: 'huge.tif', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server may hang up mid-body once it has answered; only an error before that counts.
      req.on('error', (error) => (req.writableEnded ? undefined : reject(error)));
      const chunk = Buffer.alloc(1_000_000);
      let sent = 0;
      const pump = (): void => {
        while (sent < 8) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(ctx.uploads).toEqual([]);
  });
});

describe('local server: empty uploads', () => {
  it('passes a zero-byte file through so the import can reject it with its own reason', async () => {
    const { server, ctx } = await setup();
    const uploadId = randomUUID();
    const res = await server.app.inject({
      method: 'PUT', url: httpRoutes.upload(uploadId, 0),
      headers: authed(server, { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: 'empty.jpg' }),
    });
    expect(res.json()).toEqual({ ok: true, value: { bytes: 0 } });
    const untyped = await server.app.inject({ method: 'PUT', url: httpRoutes.upload(uploadId, 1), headers: authed(server, { [httpRoutes.fileNameHeader]: 'empty2.jpg' }) });
    expect(untyped.json()).toEqual({ ok: true, value: { bytes: 0 } });
    expect(ctx.uploads).toEqual([
      { uploadId, index: 0, name: 'empty.jpg', bytes: Buffer.alloc(0) },
      { uploadId, index: 1, name: 'empty2.jpg', bytes: Buffer.alloc(0) },
    ]);
  });
});
