import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from '../contract/schemas.js';
import type { AppContext } from './app-context-types.js';
import { workstationOf } from './app-context.js';
import { ensureDefaultLibraryOnStart } from './library/default-library.js';
import { findProjectRoot } from './project-root.js';
import { now } from './workstation.js';

/** Number of the demonstration case. */
export const DEMO_CASE_NUMBER = 'DEMO-0001';

/**
 * Where the bundled sample photos are: `build/demo-samples/` of the project, found by walking up
 * from this module (the source file, `out/main/*.js` or a chunk in `out/main/chunks/`).
 */
export function demoSamplesDir(moduleUrl: string = import.meta.url): string {
  const root = findProjectRoot(moduleUrl);
  return root ? join(root, 'build', 'demo-samples') : fileURLToPath(new URL('../../build/demo-samples/', moduleUrl));
}

/**
 * Creates the demonstration case once, importing the bundled sample images into it, and gives an
 * empty library the built-in default library (once per home, see `ensureDefaultLibrary`) so the
 * demo can be attributed at once; that import is recorded in the demo case's audit trail. Safe to
 * call on every start: an existing DEMO-0001 is returned untouched (nothing is re-imported).
 * `defaultLibraryFile`: the `.cplib` to use (default: the bundled one); null leaves the library alone.
 */
export async function ensureDemoCase(ctx: AppContext, samplesDir: string = demoSamplesDir(), defaultLibraryFile?: string | null): Promise<Case> {
  const ws = workstationOf(ctx);
  const library = defaultLibraryFile === null ? null : ensureDefaultLibraryOnStart({ db: ws.db, home: ws.layout.home, now }, defaultLibraryFile);
  const existing = ws.cases.list(DEMO_CASE_NUMBER).find((c) => c.number.toLowerCase() === DEMO_CASE_NUMBER.toLowerCase());
  if (existing) return existing;
  const demo = ws.cases.create({
    number: DEMO_CASE_NUMBER,
    title: 'Demonstration case',
    examiner: ws.settings.get().examinerName,
    description: 'Sample photographs bundled with CausalPrint (see build/demo-samples/README.md) to show the workflow.',
  });
  if (library?.status === 'imported') {
    ws.audit.append(demo.id, 'library.imported', {
      file: library.file,
      contentHash: library.contentHash,
      generatorsAdded: library.generatorsAdded,
      referencesAdded: library.referencesAdded,
      referencesSkipped: library.referencesSkipped,
      reason: 'built-in default library, imported into the empty library for the demonstration',
    });
  }
  if (!existsSync(samplesDir)) {
    console.warn(`CausalPrint: demo samples not found at ${samplesDir}; the demo case is empty.`);
    return demo;
  }
  // Only the images: the folder's README.md would be an (audited) NOT_AN_IMAGE rejection in the demo.
  const images = readdirSync(samplesDir)
    .filter((name) => /\.(png|jpe?g|webp|tiff?|gif)$/i.test(name))
    .sort()
    .map((name) => join(samplesDir, name));
  const job = await ws.importPaths(demo.id, images);
  if (job.status !== 'completed') throw new Error(`Demo import ended as ${job.status}: ${job.error ?? 'no detail'}`);
  return ws.cases.get(demo.id);
}
