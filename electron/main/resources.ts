import { app } from 'electron';
import { join } from 'node:path';

/**
 * Absolute path of a bundled resource such as `native-models/`. In development it lives at the
 * project root (`app.getAppPath()`); in a packaged app electron-builder copies it next to the
 * asar, under `process.resourcesPath` (see `extraResources` in electron-builder.yml).
 */
export function resolveResourcePath(...segments: string[]): string {
  const base = app.isPackaged ? process.resourcesPath : app.getAppPath();
  return join(base, ...segments);
}

/** Absolute path of a file of the build output (`out/`), inside the asar when packaged. */
export function resolveBuildPath(...segments: string[]): string {
  return join(app.getAppPath(), 'out', ...segments);
}
