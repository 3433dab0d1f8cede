import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { C2paScanner } from './c2pa.js';
import { IntakeRejection, formatBytes } from './rejection.js';

const NON_BLOCKING_READ = process.platform === 'win32' ? 'r' : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** A file copied into the case's `.incoming` folder, hashed while it was copied. */
export interface StagedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
  c2paMarker: boolean;
}

/**
 * Copies `sourcePath` to a fresh temp file in `incomingDir`, computing SHA-256 and the C2PA
 * scan on the very bytes written, so the hash recorded is the hash of the vault copy. The size
 * is checked before copying and again while streaming (a file can grow under us). On any
 * failure the temp file is removed before the error propagates.
 */
export async function stageFile(
  sourcePath: string,
  displayName: string,
  incomingDir: string,
  maxFileBytes: number,
  signal?: AbortSignal,
): Promise<StagedFile> {
  let source;
  try {
    // Non-blocking open: if a FIFO was swapped in after the folder walk, open() must not wait for a writer.
    source = await open(sourcePath, NON_BLOCKING_READ);
  } catch (error) {
    throw new IntakeRejection('UNREADABLE', `"${displayName}" could not be opened: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
      cause: error,
    });
  }
  const tempPath = join(incomingDir, `${randomUUID()}.part`);
  try {
    const info = await source.stat();
    if (!info.isFile()) throw new IntakeRejection('NOT_A_FILE', `"${displayName}" is not a regular file (a device, socket or pipe) and was skipped.`);
    const { size } = info;
    if (size === 0) throw new IntakeRejection('EMPTY_FILE', `"${displayName}" is empty (0 bytes).`);
    if (size > maxFileBytes) throw tooLarge(displayName, maxFileBytes);

    const hash = createHash('sha256');
    const scanner = new C2paScanner();
    let copied = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        copied += chunk.length;
        if (copied > maxFileBytes) return done(tooLarge(displayName, maxFileBytes));
        hash.update(chunk);
        scanner.push(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source.createReadStream({ autoClose: false }), meter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }), {
        signal,
      });
    } catch (error) {
      if (error instanceof IntakeRejection || signal?.aborted) throw error;
      throw new IntakeRejection('UNREADABLE', `"${displayName}" could not be copied: ${(error as Error).message}.`, { cause: error });
    }
    if (copied === 0) throw new IntakeRejection('EMPTY_FILE', `"${displayName}" is empty (0 bytes).`);
    return { tempPath, sha256: hash.digest('hex'), sizeBytes: copied, c2paMarker: scanner.found };
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    await source.close();
  }
}

function tooLarge(displayName: string, limit: number): IntakeRejection {
  return new IntakeRejection('TOO_LARGE', `"${displayName}" is larger than the ${formatBytes(limit)} per-file limit set in Settings.`);
}
