import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the built renderer for the local server: beside the bundle when running
 * `out/main/serve.js`, or `out/renderer` of the project when running from source (tsx, tests).
 * Returns the first candidate that holds an index.html, else the bundle-relative default so the
 * caller can say clearly that the renderer has not been built.
 */
export function locateRendererDir(moduleUrl: string = import.meta.url): { dir: string; built: boolean } {
  const here = dirname(fileURLToPath(moduleUrl));
  const candidates = [join(here, '..', 'renderer'), resolve(here, '..', '..', 'out', 'renderer')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  return found ? { dir: found, built: true } : { dir: candidates[0]!, built: false };
}
