import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { protocol } from 'electron';
import { buildContentSecurityPolicy } from '../server/security-headers.js';
import { APP_HOST, APP_SCHEME, EVIDENCE_SCHEME } from './schemes.js';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The renderer's CSP inside Electron: the server's, plus evidence pixels from our protocol. */
export const ELECTRON_CSP = buildContentSecurityPolicy({ extraImgSources: [`${EVIDENCE_SCHEME}:`] });

/**
 * Maps a `causalprint-app://renderer/<path>` URL to a file below `rendererDir`, or null when the
 * URL names another host or would leave the folder (`..`, encoded separators, absolute paths).
 */
export function resolveRendererFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const root = resolve(rendererDir);
  const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
  const inside = relative(root, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? file : null;
}

/**
 * Serves the built renderer over `causalprint-app://renderer/` with the CSP and the other
 * security headers on every response. Unknown paths fall back to index.html (client routes).
 */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveRendererFile(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    // Extensionless paths are client-side routes: answer them with the app shell.
    const body = (await readFile(file).catch(() => null)) ?? (extname(file) === '' ? await readFile(join(rendererDir, 'index.html')).catch(() => null) : null);
    if (body === null) return new Response('Not found', { status: 404 });
    const type = MIME_TYPES[extname(file) || '.html'] ?? 'application/octet-stream';
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': type,
        'Content-Security-Policy': ELECTRON_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });
}
