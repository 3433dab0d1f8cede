// Invariant: the local server binds 127.0.0.1 only, on a random port by default, and refuses any
// other host option instead of silently exposing the workstation to the network.
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer, type LocalServer } from '../../electron/server/create-server.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { makeRendererDir } from '../helpers-frontdoor/server-harness.js';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loopback binding', () => {
  it('listens on 127.0.0.1 on a random port and prints a URL carrying the token', async () => {
    server = await createServer({ ctx: createFakeAppContext(), rendererDir: makeRendererDir() });
    const { port, url } = await server.listen();
    const address = server.app.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(address.port).toBe(port);
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}/?token=${server.token}`);

    const res = await fetch(`http://127.0.0.1:${port}/api/events`);
    expect(res.status).toBe(401);
  });

  for (const host of ['0.0.0.0', '::', '::1', 'localhost', '192.168.0.2', '']) {
    it(`refuses host option ${JSON.stringify(host)}`, async () => {
      await expect(createServer({ ctx: createFakeAppContext(), rendererDir: makeRendererDir(), host })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  }

  it('refuses an out-of-range port', async () => {
    for (const port of [-1, 65_536, 1.5, Number.NaN]) {
      await expect(createServer({ ctx: createFakeAppContext(), rendererDir: makeRendererDir(), port })).rejects.toMatchObject({ code: 'VALIDATION' });
    }
  });
});
