import { app } from 'electron';
import { join } from 'node:path';
import { setResourceRoot } from '../engine/models/resource-path.js';

/**
 * Points the engine at the bundled `native-models/` for the whole process. In a packaged app
 * electron-builder copies it beside the asar, under `process.resourcesPath` (see `extraResources`
 * in electron-builder.yml), where walking up from the bundled code would never find it; in
 * development the engine finds it at the project root by itself. Must run before the library
 * engine or the default library resolve anything.
 */
export function useBundledResources(): void {
  if (app.isPackaged) setResourceRoot(process.resourcesPath);
}

/** Absolute path of a file of the build output (`out/`), inside the asar when packaged. */
export function resolveBuildPath(...segments: string[]): string {
  return join(app.getAppPath(), 'out', ...segments);
}
