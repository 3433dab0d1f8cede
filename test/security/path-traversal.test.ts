// Invariant: no path from the client is ever used as a filesystem path — the evidence route
// takes only a uuid and an asset name, and static serving never leaves the renderer folder.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext, type FakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { createServer } from '../../electron/server/create-server.js';
import { authed, makeRendererDir, makeServer } from '../helpers-frontdoor/server-harness.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(): Promise<{ server: LocalServer; ctx: FakeAppContext }> {
  const ctx = createFakeAppContext();
  server = await makeServer(ctx);
  return { server, ctx };
}

describe('evidence route', () => {
  const traversals = [
    '/evidence/..%2f..%2fetc%2fpasswd/original',
    '/evidence/..%2F..%2F..%2Fetc%2Fpasswd/thumbnail',
    '/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd/original',
    '/evidence/..%252f..%252fetc%252fpasswd/original',
    '/evidence/..%5c..%5cwindows%5cwin.ini/original',
    '/evidence/%2Fetc%2Fpasswd/original',
    '/evidence/not-a-uuid/original',
    '/evidence/00000000-0000-0000-0000-00000000000g/original',
    '/evidence/%00/original',
  ];
  for (const url of traversals) {
    it(`refuses ${url} without ever consulting the vault`, async () => {
      const { server, ctx } = await setup();
      const res = await server.app.inject({ method: 'GET', url, headers: authed(server) });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toMatch(/root:|\[fonts\]|SECRET/);
      expect(ctx.assetLookups).toEqual([]);
    });
  }

  it('refuses an asset name outside the enum', async () => {
    const { server, ctx } = await setup();
    for (const asset of ['..', 'ORIGINAL', 'original.png', '..%2fsecret']) {
      const res = await server.app.inject({ method: 'GET', url: `/evidence/${ctx.evidenceId}/${asset}`, headers: authed(server) });
      expect(res.statusCode).toBe(404);
    }
    expect(ctx.assetLookups).toEqual([]);
  });

  it('still serves the real item by id (the route is not simply broken)', async () => {
    const { server, ctx } = await setup();
    const res = await server.app.inject({ method: 'GET', url: `/evidence/${ctx.evidenceId}/thumbnail`, headers: authed(server) });
    expect(res.statusCode).toBe(200);
    expect(ctx.assetLookups).toEqual([[ctx.evidenceId, 'thumbnail']]);
  });
});

describe('static files', () => {
  const escapes = [
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/..%252fsecret.txt',
    '/.env',
    '/assets/./../.env',
    '//etc/passwd',
  ];
  for (const url of escapes) {
    it(`never serves a file outside the renderer or a dotfile for ${url}`, async () => {
      const { server } = await setup();
      const res = await server.app.inject({ method: 'GET', url, headers: authed(server) });
      expect(res.body).not.toContain('SECRET=');
      expect(res.body).not.toMatch(/root:/);
      if (res.statusCode === 200) expect(res.body).toContain('<div id="app">');
    });
  }

  it('lists no directory', async () => {
    const { server } = await setup();
    const res = await server.app.inject({ method: 'GET', url: '/assets/', headers: authed(server) });
    expect(res.body).not.toContain('app.js');
  });
});

describe('raw request lines (no client-side URL normalisation)', () => {
  // fetch() and inject() resolve `..` before sending; a hostile client does not, so speak HTTP by hand.
  function rawGet(port: number, token: string, path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
  }

  for (const path of ['/evidence/../../etc/passwd', '/evidence/../../../../etc/passwd/original', '/../secret.txt', '/assets/../../secret.txt', '/assets/../.env', '/./../secret.txt']) {
    it(`refuses ${path}`, async () => {
      const ctx = createFakeAppContext();
      server = await createServer({ ctx, rendererDir: makeRendererDir() });
      const { port } = await server.listen();
      const response = await rawGet(port, server.token, path);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(response).not.toMatch(/SECRET=|root:/);
      expect(ctx.assetLookups).toEqual([]);
    });
  }
});
