import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ELECTRON_CSP, registerAppProtocol, resolveRendererFile } from '../../electron/main/app-protocol.js';
import { evidenceUrl, parseEvidenceUrl, serveEvidenceRequest } from '../../electron/main/evidence-protocol.js';
import { registerPrivilegedSchemes } from '../../electron/main/schemes.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { protocol } from '../helpers-frontdoor/electron-fakes.js';

describe('privileged schemes', () => {
  it('registers the app and evidence schemes as standard and secure in one call', () => {
    registerPrivilegedSchemes();
    expect(protocol.privileged).toEqual([
      expect.objectContaining({ scheme: 'causalprint-app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
      expect.objectContaining({ scheme: 'causalprint-evidence', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });
});

describe('evidence protocol', () => {
  it('parses only evidence/<uuid>/<asset>', () => {
    const id = randomUUID();
    expect(parseEvidenceUrl(evidenceUrl(id, 'thumbnail'))).toEqual({ evidenceId: id, asset: 'thumbnail' });
    for (const url of [
      `causalprint-evidence://evidence/${id}/original/extra`,
      `causalprint-evidence://other/${id}/original`,
      `causalprint-evidence://evidence/..%2f..%2fetc%2fpasswd/original`,
      `causalprint-evidence://evidence/../../etc/passwd`,
      `causalprint-evidence://evidence/${id}/original?path=/etc/passwd`,
      `causalprint-evidence://evidence/${id}/ORIGINAL`,
      `https://evidence/${id}/original`,
      'junk',
    ]) {
      expect(parseEvidenceUrl(url), url).toBeNull();
    }
  });

  it('serves the item the context resolves, with nosniff and its image type', async () => {
    const ctx = createFakeAppContext();
    const real = await serveEvidenceRequest(ctx, new Request(evidenceUrl(ctx.evidenceId, 'original')));
    expect(real.status).toBe(200);
    expect(real.headers.get('content-type')).toBe('image/png');
    expect(real.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await real.arrayBuffer()).equals(ctx.evidenceBytes)).toBe(true);
  });

  it('answers 404 for unknown ids and non-GET methods', async () => {
    const ctx = createFakeAppContext();
    expect((await serveEvidenceRequest(ctx, new Request(evidenceUrl(randomUUID(), 'thumbnail')))).status).toBe(404);
    expect((await serveEvidenceRequest(ctx, new Request(evidenceUrl(ctx.evidenceId, 'thumbnail'), { method: 'POST' }))).status).toBe(404);
  });
});

describe('app protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'cp-app-'));
  const dir = join(root, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');

  it('maps renderer URLs to files inside the renderer folder', () => {
    expect(resolveRendererFile(dir, 'causalprint-app://renderer/')).toBe(join(dir, 'index.html'));
    expect(resolveRendererFile(dir, 'causalprint-app://renderer/assets/app.js')).toBe(join(dir, 'assets', 'app.js'));
  });

  it('refuses anything that would leave the folder or names another host', () => {
    for (const url of [
      'causalprint-app://renderer/..%2f..%2fetc%2fpasswd',
      'causalprint-app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret',
      'causalprint-app://renderer/..%5csecret',
      'causalprint-app://renderer/%00',
      'causalprint-app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect(resolveRendererFile(dir, url), url).toBeNull();
    }
  });

  it("uses a CSP that starts from default-src 'none' and allows evidence pixels", () => {
    expect(ELECTRON_CSP).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(ELECTRON_CSP).toMatch(/img-src 'self' data: blob: causalprint-evidence:/);
    expect(ELECTRON_CSP).toContain("connect-src 'self'");
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
  });

  it('serves the shell with the CSP header, client routes included, and 404s missing assets', async () => {
    writeFileSync(join(dir, 'assets', 'app.js'), 'export {}');
    registerAppProtocol(dir);
    const serve = protocol.handlers.get('causalprint-app')!;
    const shell = await serve(new Request('causalprint-app://renderer/'));
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(shell.headers.get('content-type')).toMatch(/^text\/html/);
    const script = await serve(new Request('causalprint-app://renderer/assets/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await (await serve(new Request('causalprint-app://renderer/cases/42'))).text()).toBe('<!doctype html>');
    expect((await serve(new Request('causalprint-app://renderer/assets/missing.js'))).status).toBe(404);
    expect((await serve(new Request('causalprint-app://renderer/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
  });
});
