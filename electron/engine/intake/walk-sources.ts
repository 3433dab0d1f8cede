import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { IntakeRejection } from './rejection.js';

/** One candidate file found while walking what the analyst picked. */
export interface SourceEntry {
  /** Absolute path to read from. */
  path: string;
  /** Shown to the analyst: the name relative to the picked item, e.g. `scene/photo.jpg`. */
  displayName: string;
  /** Recorded as the evidence's source when `path` is only a staging copy (uploads). */
  origin?: string;
  /** Set when the entry can already be rejected without reading it. */
  rejection?: IntakeRejection;
}

/**
 * Expands files and folders into a deterministic list of candidate files (folders in name
 * order, recursively). Symlinks are followed; a link that leads back into a folder being walked
 * is reported as `SYMLINK_LOOP` instead of recursing forever. Nothing is opened for reading here,
 * so a FIFO cannot block the walk.
 */
export async function walkSources(paths: readonly string[], signal?: AbortSignal): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for (const raw of paths) {
    const path = resolve(raw);
    await visit(path, basename(path) || path, new Set(), out, signal);
  }
  return out;
}

async function visit(path: string, displayName: string, ancestors: Set<string>, out: SourceEntry[], signal?: AbortSignal) {
  signal?.throwIfAborted();
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    out.push({ path, displayName, rejection: statRejection(error, displayName) });
    return;
  }
  if (info.isFile()) {
    out.push({ path, displayName });
    return;
  }
  if (!info.isDirectory()) {
    out.push({
      path,
      displayName,
      rejection: new IntakeRejection('NOT_A_FILE', `"${displayName}" is not a regular file (a device, socket or pipe) and was skipped.`),
    });
    return;
  }
  const real = await realpath(path);
  if (ancestors.has(real)) {
    out.push({
      path,
      displayName,
      rejection: new IntakeRejection('SYMLINK_LOOP', `"${displayName}" is a symbolic link back into a folder being imported (a loop) and was skipped.`),
    });
    return;
  }
  let names: string[];
  try {
    names = await readdir(path);
  } catch (error) {
    out.push({ path, displayName, rejection: statRejection(error, displayName) });
    return;
  }
  // Code-point order, not locale order, so the same folder always imports in the same order.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const inside = new Set(ancestors).add(real);
  for (const name of names) await visit(join(path, name), `${displayName}/${name}`, inside, out, signal);
}

function statRejection(error: unknown, displayName: string): IntakeRejection {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return new IntakeRejection('SYMLINK_LOOP', `"${displayName}" is a symbolic link that loops back on itself and was skipped.`, { cause: error });
  }
  const why =
    code === 'ENOENT'
      ? 'it does not exist (or is a broken link)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : `the system reported ${code ?? (error as Error).message}`;
  return new IntakeRejection('UNREADABLE', `"${displayName}" could not be read: ${why}.`, { cause: error });
}
