import { Readable, Transform, pipeline } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { httpRoutes } from '../contract/api-types.js';
import { serializeError } from '../contract/errors.js';
import { Id } from '../contract/schemas.js';
import type { AppContext } from '../services/app-context-types.js';
import { deny } from './access-control.js';

/** Used when the settings cannot be read: large enough for RAW/TIFF evidence, bounded all the same. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 2 * 1024 ** 3;

const UploadParams = z.object({
  uploadId: Id,
  // Digits only: `Number('0x1')` or `'1e3'` must not sneak through as an index.
  index: z.string().regex(/^\d{1,5}$/).transform(Number),
});

/**
 * `PUT /api/uploads/:uploadId/:index` — raw bytes of one file of an upload area reserved with
 * `uploads:create`. The body is streamed to `ctx.writeUpload` (never buffered whole) and cut off
 * past the configured size limit. `x-file-name` is a display name only; it is never a path here.
 */
export function registerUploadRoute(app: FastifyInstance, ctx: AppContext): void {
  // Encapsulated so that only this route takes raw bodies. Any declared type is accepted (a
  // browser labels a File with its own guess, e.g. image/png): the bytes are opaque here, and
  // the import sniffs the real format from magic bytes.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scope.put<{ Params: { uploadId: string; index: string }; Body: NodeJS.ReadableStream | undefined }>(
      '/api/uploads/:uploadId/:index',
      async (request, reply) => {
        const params = UploadParams.safeParse(request.params);
        if (!params.success) return deny(reply, 400, 'VALIDATION', 'Invalid upload address: expected an upload id and a file index.');
        const displayName = decodeFileName(request.headers[httpRoutes.fileNameHeader]);
        if (displayName === null) {
          return deny(reply, 400, 'VALIDATION', `Header ${httpRoutes.fileNameHeader} must carry the URI-encoded file name.`);
        }

        const limit = await uploadLimit(ctx);
        const declared = Number(request.headers['content-length'] ?? 0);
        if (declared > limit) return deny(reply, 413, 'VALIDATION', tooLargeMessage(displayName, limit));

        let received = 0;
        let tooLarge = false;
        const limiter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            received += chunk.length;
            if (received > limit) {
              tooLarge = true;
              callback(new Error(tooLargeMessage(displayName, limit)));
            } else callback(null, chunk);
          },
        });
        // pipeline() propagates errors both ways, so a dropped client also aborts writeUpload.
        // Fastify skips body parsing for an empty body without a type; a zero-byte file is still a file.
        pipeline(request.body ?? Readable.from([]), limiter, () => undefined);

        try {
          await ctx.writeUpload(params.data.uploadId, params.data.index, displayName, limiter);
        } catch (error) {
          if (tooLarge) return deny(reply, 413, 'VALIDATION', tooLargeMessage(displayName, limit));
          return reply.code(200).send({ ok: false, error: serializeError(error) });
        }
        return reply.code(200).send({ ok: true, value: { bytes: received } });
      },
    );
  });
}

function decodeFileName(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > 4096) return null;
  try {
    const name = decodeURIComponent(header);
    // Control characters have no business in a display name and would garble logs and the audit trail.
    return /[\u0000-\u001f\u007f]/.test(name) ? null : name;
  } catch {
    return null;
  }
}

async function uploadLimit(ctx: AppContext): Promise<number> {
  try {
    return (await ctx.handlers['settings:get']({})).maxFileBytes;
  } catch {
    return DEFAULT_UPLOAD_LIMIT_BYTES;
  }
}

function tooLargeMessage(name: string, limit: number): string {
  return `"${name}" is larger than the ${Math.round(limit / 1e6)} MB limit set in Settings.`;
}
