import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { z } from 'zod';
import { Id } from '../contract/schemas.js';
import type { AppContext, EvidenceAsset } from '../services/app-context-types.js';
import { EVIDENCE_SCHEME } from './schemes.js';
import { APP_ORIGIN } from './trust.js';

const EVIDENCE_HOST = 'evidence';
const AssetRequest = z.tuple([Id, z.enum(['thumbnail', 'original'])]);

/**
 * Parses `causalprint-evidence://evidence/<uuid>/<thumbnail|original>` into an id and asset.
 * Anything else (other host, extra segments, a non-uuid, encoded separators) is null: the URL
 * only ever names an evidence id, never a file.
 */
export function parseEvidenceUrl(url: string): { evidenceId: string; asset: EvidenceAsset } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${EVIDENCE_SCHEME}:` || parsed.host !== EVIDENCE_HOST || parsed.search || parsed.hash) return null;
  const result = AssetRequest.safeParse(parsed.pathname.split('/').slice(1));
  return result.success ? { evidenceId: result.data[0], asset: result.data[1] } : null;
}

/** Builds the URL the renderer puts in `<img src>`. */
export function evidenceUrl(evidenceId: string, asset: EvidenceAsset): string {
  return `${EVIDENCE_SCHEME}://${EVIDENCE_HOST}/${evidenceId}/${asset}`;
}

/** Answers one protocol request; exported for tests (the protocol itself needs Electron). */
export async function serveEvidenceRequest(ctx: Pick<AppContext, 'resolveEvidenceAsset'>, request: Request): Promise<Response> {
  const target = request.method === 'GET' ? parseEvidenceUrl(request.url) : null;
  const resolved = target ? ctx.resolveEvidenceAsset(target.evidenceId, target.asset) : null;
  const info = resolved ? await stat(resolved.path).catch(() => null) : null;
  if (!target || !resolved || !info?.isFile()) return new Response('Not found', { status: 404 });

  const headers: Record<string, string> = {
    'Content-Type': /^image\/[a-z0-9.+-]+$/i.test(resolved.mimeType) && !/svg/i.test(resolved.mimeType) ? resolved.mimeType : 'application/octet-stream',
    'Content-Length': String(info.size),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    // Lets the renderer draw evidence into a canvas for analysis views; no other origin.
    'Access-Control-Allow-Origin': APP_ORIGIN,
  };
  if (target.asset === 'original') headers['Content-Disposition'] = `inline; filename="${target.evidenceId}"`;
  const body = Readable.toWeb(createReadStream(resolved.path)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

/** Registers the evidence protocol on the default session. */
export function registerEvidenceProtocol(ctx: AppContext): void {
  protocol.handle(EVIDENCE_SCHEME, (request) => serveEvidenceRequest(ctx, request));
}
