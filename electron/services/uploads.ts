import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { CausalPrintError } from '../contract/errors.js';
import { formatBytes } from '../engine/intake/rejection.js';
import type { SourceEntry } from '../engine/intake/walk-sources.js';
import { IntakeRejection } from '../engine/intake/rejection.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const Manifest = z.object({ fileCount: z.number().int().positive(), createdAt: z.string() });
const Sidecar = z.object({ displayName: z.string() });

/**
 * Server-mode upload areas: `<home>/staging/<uploadId>/`. Files are stored as `<index>.bin`
 * (never under the client's name) with a `<index>.json` sidecar holding the display name, and
 * written to a `.part` file first so a dropped upload never looks complete.
 */
export class UploadStore {
  constructor(private readonly root: string) {}

  async create(fileCount: number, now: string): Promise<string> {
    const uploadId = randomUUID();
    const dir = join(this.root, uploadId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ fileCount, createdAt: now }));
    return uploadId;
  }

  async write(uploadId: string, index: number, displayName: string, body: NodeJS.ReadableStream, maxBytes: number): Promise<void> {
    const { dir, fileCount } = await this.open(uploadId);
    if (!Number.isInteger(index) || index < 0 || index >= fileCount) {
      throw new CausalPrintError('VALIDATION', `File index ${index} is outside this upload (it holds ${fileCount} files, numbered from 0).`);
    }
    const part = join(dir, `${index}.part`);
    let received = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > maxBytes) {
          return done(new CausalPrintError('VALIDATION', `"${displayName}" is larger than the ${formatBytes(maxBytes)} per-file limit set in Settings.`));
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, limiter, createWriteStream(part, { mode: 0o600 }));
    } catch (error) {
      await rm(part, { force: true });
      if (error instanceof CausalPrintError) throw error;
      throw new CausalPrintError('IO', `Upload of "${displayName}" was interrupted: ${(error as Error).message}`, undefined, { cause: error });
    }
    await writeFile(join(dir, `${index}.json`), JSON.stringify({ displayName }));
    await rename(part, join(dir, `${index}.bin`));
  }

  /** The files of an upload in index order; indices never received become UNREADABLE rejections. */
  async entries(uploadId: string): Promise<SourceEntry[]> {
    const { dir, fileCount } = await this.open(uploadId);
    const out: SourceEntry[] = [];
    for (let index = 0; index < fileCount; index++) {
      const path = join(dir, `${index}.bin`);
      const sidecar = join(dir, `${index}.json`);
      if (!existsSync(path) || !existsSync(sidecar)) {
        const displayName = `file #${index + 1}`;
        out.push({ path, displayName, origin: `upload:${displayName}`, rejection: new IntakeRejection('UNREADABLE', `${displayName} of the upload never arrived.`) });
        continue;
      }
      const { displayName } = Sidecar.parse(JSON.parse(await readFile(sidecar, 'utf8')));
      out.push({ path, displayName, origin: `upload:${displayName}` });
    }
    return out;
  }

  async remove(uploadId: string): Promise<void> {
    if (UUID.test(uploadId)) await rm(join(this.root, uploadId), { recursive: true, force: true });
  }

  private async open(uploadId: string): Promise<{ dir: string; fileCount: number }> {
    // The id is re-checked here although the front doors validate it: it becomes part of a path.
    const dir = join(this.root, uploadId);
    if (!UUID.test(uploadId) || !existsSync(join(dir, 'manifest.json'))) {
      throw new CausalPrintError('NOT_FOUND', `No upload area with id ${uploadId}; create one with uploads:create first.`);
    }
    const manifest = Manifest.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
    return { dir, fileCount: manifest.fileCount };
  }
}
