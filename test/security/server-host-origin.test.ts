// Invariant: the local server answers only requests addressed to 127.0.0.1/localhost on its own
// port (DNS-rebinding defence) and refuses state-changing requests from a foreign Origin (CSRF),
// even when they carry the token.
import { afterEach, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../electron/contract/api-types.js';
import type { LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { HOST, TEST_PORT, makeServer } from '../helpers-frontdoor/server-harness.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Host header check', () => {
  const badHosts = ['evil.example:' + TEST_PORT, `127.0.0.1:${TEST_PORT + 1}`, '127.0.0.1', 'localhost', `192.168.1.10:${TEST_PORT}`, `127.0.0.1.evil.example:${TEST_PORT}`];
  for (const host of badHosts) {
    it(`refuses Host: ${host} even with the token`, async () => {
      const ctx = createFakeAppContext();
      server = await makeServer(ctx);
      for (const url of ['/', httpRoutes.events, `/?token=${server.token}`]) {
        const res = await server.app.inject({ method: 'GET', url, headers: { host, authorization: `Bearer ${server.token}` } });
        expect(res.statusCode).toBe(403);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const invoke = await server.app.inject({ method: 'POST', url: httpRoutes.invoke('cases:list'), headers: { host, authorization: `Bearer ${server.token}` }, payload: {} });
      expect(invoke.statusCode).toBe(403);
      expect(ctx.calls).toEqual([]);
    });
  }

  it('accepts localhost:<port> and 127.0.0.1:<port>', async () => {
    server = await makeServer(createFakeAppContext());
    for (const host of [HOST, `localhost:${TEST_PORT}`]) {
      const res = await server.app.inject({ method: 'GET', url: '/', headers: { host, authorization: `Bearer ${server.token}` } });
      expect(res.statusCode).toBe(200);
    }
  });
});

describe('Origin check on state-changing requests', () => {
  it('refuses a POST from a foreign origin and accepts our own', async () => {
    const ctx = createFakeAppContext();
    server = await makeServer(ctx);
    const post = (origin: string) =>
      server!.app.inject({ method: 'POST', url: httpRoutes.invoke('cases:list'), headers: { host: HOST, origin, authorization: `Bearer ${server!.token}` }, payload: {} });
    expect((await post('https://evil.example')).statusCode).toBe(403);
    expect((await post('null')).statusCode).toBe(403);
    expect((await post(`http://localhost:${TEST_PORT}`)).statusCode).toBe(403);
    expect(ctx.calls).toEqual([]);
    expect((await post(`http://${HOST}`)).statusCode).toBe(200);
    expect(ctx.calls).toEqual(['cases:list']);
  });
});
