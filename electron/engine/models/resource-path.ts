import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CausalPrintError } from '../../contract/errors.js';

export interface ResourcePathOptions {
  /**
   * `process.resourcesPath` of a packaged Electron app (electron-builder copies native-models/
   * there, see extraResources). The shell passes it when `app.isPackaged`; the engine never asks
   * Electron itself.
   */
  resourcesPath?: string;
  /** Project root in development; found by walking up from this module when absent. */
  devRoot?: string;
}

const RESOURCE_DIR = 'native-models';

/**
 * Absolute path of something under `native-models/`: beside the asar in a packaged app, at the
 * project root in development, tests and the CLI. Refuses paths that would leave native-models/.
 */
export function resolveResourcePath(relative: string, options: ResourcePathOptions = {}): string {
  const clean = normalize(relative);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw new CausalPrintError('FORBIDDEN', `Resource path ${relative} leaves ${RESOURCE_DIR}/.`, { relative });
  }
  const base = options.resourcesPath ?? options.devRoot ?? findDevRoot(dirname(fileURLToPath(import.meta.url)));
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
