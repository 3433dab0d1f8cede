// Invariant: every request to the local server (API, events, uploads, evidence, static files)
// is refused without the per-run token, or with a wrong one, before any handler runs.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRoutes } from '../../electron/contract/api-types.js';
import { tokensMatch } from '../../electron/server/access-control.js';
import type { LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { HOST, makeServer } from '../helpers-frontdoor/server-harness.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Probe = { method: 'GET' | 'POST' | 'PUT'; url: string; headers?: Record<string, string>; payload?: unknown };

function probes(evidenceId: string): Probe[] {
  return [
    { method: 'POST', url: httpRoutes.invoke('cases:list'), payload: {} },
    { method: 'POST', url: httpRoutes.invoke('settings:update'), payload: { examinerName: 'Mallory' } },
    { method: 'GET', url: httpRoutes.events },
    { method: 'PUT', url: httpRoutes.upload(randomUUID(), 0), headers: { 'content-type': 'application/octet-stream', [httpRoutes.fileNameHeader]: 'a.png' }, payload: Buffer.from('x') },
    { method: 'GET', url: httpRoutes.evidence(evidenceId, 'original') },
    { method: 'GET', url: '/' },
    { method: 'GET', url: '/index.html' },
    { method: 'GET', url: '/assets/app.js' },
    { method: 'GET', url: '/cases/some-client-route' },
  ];
}

const wrongCredentials: [string, Record<string, string>][] = [
  ['no token', {}],
  ['a wrong bearer token', { authorization: 'Bearer wrong-token' }],
  ['an empty bearer token', { authorization: 'Bearer ' }],
  ['a wrong cookie', { cookie: `${httpRoutes.tokenCookie}=wrong-token` }],
  ['the token in the query of a non-root path', {}],
];

describe('local server refuses requests without the right token', () => {
  for (const [label, credentials] of wrongCredentials) {
    it(`answers 401 with ${label}, and no handler, upload or evidence lookup runs`, async () => {
      const ctx = createFakeAppContext();
      server = await makeServer(ctx);
      const inQuery = label.startsWith('the token in the query');
      // `GET /?token=` is the one legitimate hand-over, tested separately.
      for (const probe of probes(ctx.evidenceId).filter((p) => !(inQuery && p.url === '/'))) {
        const url = inQuery ? `${probe.url}?token=${server.token}` : probe.url;
        const res = await server.app.inject({ ...probe, url, headers: { host: HOST, ...probe.headers, ...credentials } } as never);
        expect(res.statusCode, `${probe.method} ${url}`).toBe(401);
        expect(res.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(res.body).not.toContain('CausalPrint</title>');
      }
      expect(ctx.calls).toEqual([]);
      expect(ctx.uploads).toEqual([]);
      expect(ctx.assetLookups).toEqual([]);
      expect(ctx.subscriberCount()).toBe(0);
    });
  }

  it('refuses a wrong ?token= on / without setting a cookie', async () => {
    server = await makeServer(createFakeAppContext());
    const res = await server.app.inject({ method: 'GET', url: '/?token=nope', headers: { host: HOST } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('uses a fresh 32-byte base64url token per server', async () => {
    const a = await makeServer(createFakeAppContext());
    const b = await makeServer(createFakeAppContext());
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    await Promise.all([a.close(), b.close()]);
  });

  it('compares tokens exactly (prefixes, case changes and empty strings fail)', () => {
    const token = 'AbCdEf0123456789AbCdEf0123456789AbCdEf01234';
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(tokensMatch(token, token.toLowerCase())).toBe(false);
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });
});
