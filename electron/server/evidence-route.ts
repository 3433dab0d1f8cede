import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id } from '../contract/schemas.js';
import type { AppContext } from '../services/app-context-types.js';
import { deny } from './access-control.js';

/** Evidence assets are addressed by id and asset name only; both are validated before any lookup. */
export const EvidenceAssetParams = z.object({ evidenceId: Id, asset: z.enum(['thumbnail', 'original']) }).strict();

/** Only image types are served as such; anything else is sent as opaque bytes. */
export function safeImageType(mimeType: string): string {
  return /^image\/[a-z0-9.+-]+$/i.test(mimeType) && !/svg/i.test(mimeType) ? mimeType : 'application/octet-stream';
}

/**
 * `GET /evidence/:evidenceId/:asset` — evidence pixels for the browser. The path served comes
 * from `ctx.resolveEvidenceAsset` (the vault), never from the request; unknown or malformed
 * ids get the same 404 so the route reveals nothing about what exists.
 */
export function registerEvidenceRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: Record<string, string> }>('/evidence/:evidenceId/:asset', async (request, reply) => {
    const params = EvidenceAssetParams.safeParse(request.params);
    const resolved = params.success ? ctx.resolveEvidenceAsset(params.data.evidenceId, params.data.asset) : null;
    if (!params.success || resolved === null) return deny(reply, 404, 'NOT_FOUND', 'No such evidence item.');

    const info = await stat(resolved.path).catch(() => null);
    if (info === null || !info.isFile()) return deny(reply, 404, 'NOT_FOUND', 'The evidence file is missing from the vault.');

    reply
      .header('Content-Type', safeImageType(resolved.mimeType))
      .header('Content-Length', String(info.size))
      .header('Cache-Control', 'private, no-store');
    if (params.data.asset === 'original') {
      reply.header('Content-Disposition', `inline; filename="${params.data.evidenceId}"`);
    }
    return reply.send(createReadStream(resolved.path));
  });
}
