import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CausalPrintError } from '../../contract/errors.js';

export interface ResourcePathOptions {
  /**
   * Folder holding native-models/ for this call only (e.g. `process.resourcesPath` of a packaged
   * Electron app, where electron-builder copies native-models/, see extraResources). Without it the
   * process-wide root set by `setResourceRoot` applies; the engine never asks Electron itself.
   */
  resourcesPath?: string;
  /** Project root in development; found by walking up from this module when absent. */
  devRoot?: string;
}

const RESOURCE_DIR = 'native-models';

/** Process-wide folder holding native-models/ (set once by the packaged shell), or null: find the dev root. */
let processResourceRoot: string | null = null;

/**
 * Sets, for the whole process, the folder that holds `native-models/`. A packaged Electron app
 * calls it at start with `process.resourcesPath` (native-models/ lies beside the asar there, and
 * walking up from the bundled code would never find it); everything that resolves a resource
 * without options (the library engine's pack, the default library) then looks there. Refuses a
 * folder without native-models/, so a broken package fails at start with a clear message.
 * `null` goes back to finding the project root.
 */
export function setResourceRoot(dir: string | null): void {
  if (dir !== null && !existsSync(join(dir, RESOURCE_DIR))) {
    throw new CausalPrintError('NOT_FOUND', `No ${RESOURCE_DIR}/ folder in ${dir}: the application's bundled models are missing.`, { dir });
  }
  processResourceRoot = dir === null ? null : resolve(dir);
}

/** The folder set by `setResourceRoot`, or null when resources come from the project root. */
export function resourceRoot(): string | null {
  return processResourceRoot;
}

/**
 * Absolute path of something under `native-models/`. The folder holding it is, in order: the
 * call's `resourcesPath`, the call's `devRoot`, the process-wide root (`setResourceRoot`, set by a
 * packaged app), else the project root found by walking up from this module (development, tests,
 * the CLI). Refuses paths that would leave native-models/.
 */
export function resolveResourcePath(relative: string, options: ResourcePathOptions = {}): string {
  const clean = normalize(relative);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw new CausalPrintError('FORBIDDEN', `Resource path ${relative} leaves ${RESOURCE_DIR}/.`, { relative });
  }
  const base = options.resourcesPath ?? options.devRoot ?? processResourceRoot ?? findDevRoot(dirname(fileURLToPath(import.meta.url)));
  return join(resolve(base), RESOURCE_DIR, clean);
}

/** Nearest ancestor holding both package.json and native-models/ (the repository root in dev). */
export function findDevRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, RESOURCE_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new CausalPrintError('NOT_FOUND', `No ${RESOURCE_DIR}/ folder above ${start}.`, { start });
    dir = parent;
  }
}
