import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HomeLayout } from './home-layout.js';

/** Temp files younger than this may belong to an import running in another process (CLI beside the app). */
export const STALE_INCOMING_MS = 6 * 60 * 60 * 1000;

/**
 * Removes what a crashed or killed import left in the cases' `.incoming` folders: temp copies
 * that never became evidence. Only files older than `olderThanMs` are touched, so an import
 * running in another process right now keeps its files. Returns the paths removed.
 */
export function sweepStaleIncoming(layout: HomeLayout, now = Date.now(), olderThanMs = STALE_INCOMING_MS): string[] {
  const removed: string[] = [];
  const casesRoot = join(layout.home, 'cases');
  for (const caseId of safeList(casesRoot)) {
    const incoming = layout.incomingDir(caseId);
    for (const name of safeList(incoming)) {
      const path = join(incoming, name);
      try {
        const info = statSync(path);
        if (!info.isFile() || now - info.mtimeMs < olderThanMs) continue;
        rmSync(path, { force: true });
        removed.push(path);
      } catch {
        // Vanished meanwhile (the other process finished with it): nothing to sweep.
      }
    }
  }
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
