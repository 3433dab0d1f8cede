import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';
import type { Db } from '../../../database/open-database.js';
import { LibraryRepository } from '../../../database/repositories/library-repository.js';
import { SettingsRepository } from '../../../database/repositories/settings-repository.js';
import { resolveResourcePath } from '../../engine/models/resource-path.js';
import { importLibrary, type LibraryImport } from './library-file.js';
import { LibraryService } from './library-service.js';

/** The built-in default library, under native-models/ (committed; built by `npm run library:default`). */
export const DEFAULT_LIBRARY_FILE = 'packs/causalprint-base-v1/default-library.cplib';

/** Settings-table key recording what happened to the default library in this home (imported or removed). */
export const DEFAULT_LIBRARY_STATE_KEY = 'library.defaultLibrary';

/** `CAUSALPRINT_DEFAULT_LIBRARY=off` keeps the automatic import from ever running. */
export const DEFAULT_LIBRARY_ENV = 'CAUSALPRINT_DEFAULT_LIBRARY';

export interface DefaultLibraryState {
  status: 'imported' | 'removed';
  contentHash: string;
  at: string;
}

export type DefaultLibraryOutcome =
  | ({ status: 'imported'; file: string } & LibraryImport)
  | { status: 'skipped'; reason: string };

export interface DefaultLibraryHome {
  db: Db;
  home: string;
  now: () => string;
}

/** Path of the bundled default library (beside the asar in a packaged app, the repository in development). */
export function defaultLibraryPath(): string {
  return resolveResourcePath(DEFAULT_LIBRARY_FILE);
}

/** What this home did with the default library, or null when it never saw it. */
export function defaultLibraryState(db: Db): DefaultLibraryState | null {
  const value = new SettingsRepository(db).all()[DEFAULT_LIBRARY_STATE_KEY];
  return value && typeof value === 'object' ? (value as DefaultLibraryState) : null;
}

/**
 * Imports the built-in default library into an EMPTY library, once per home: skipped when the
 * analyst's library has any entry, when this home imported or removed the default before, or when
 * `CAUSALPRINT_DEFAULT_LIBRARY=off`. The file goes through the ordinary `.cplib` import (content
 * hash and every image's SHA-256 checked); the outcome is recorded in the settings table.
 */
export function ensureDefaultLibrary(target: DefaultLibraryHome, file: string = defaultLibraryPath(), env: NodeJS.ProcessEnv = process.env): DefaultLibraryOutcome {
  if (env[DEFAULT_LIBRARY_ENV]?.trim().toLowerCase() === 'off') return { status: 'skipped', reason: `${DEFAULT_LIBRARY_ENV}=off` };
  const state = defaultLibraryState(target.db);
  if (state) return { status: 'skipped', reason: `the default library was ${state.status} in this home at ${state.at}` };
  if (new LibraryRepository(target.db).listGenerators().length > 0) return { status: 'skipped', reason: 'the library already has entries' };
  if (!existsSync(file)) return { status: 'skipped', reason: `no default library at ${file}` };
  return importDefaultLibrary(target, file);
}

/** Imports (or re-imports: present references are skipped) the default library, whatever the library holds. */
export function importDefaultLibrary(target: DefaultLibraryHome, file: string = defaultLibraryPath()): DefaultLibraryOutcome & { status: 'imported' } {
  if (!existsSync(file)) throw new CausalPrintError('NOT_FOUND', `The default library is missing at ${file}.`);
  const repo = new LibraryRepository(target.db);
  const service = libraryServiceOver(target, repo);
  const result = importLibrary({ db: target.db, repo, home: target.home, now: target.now, libraryHash: () => service.libraryHash() }, file);
  recordState(target, { status: 'imported', contentHash: result.contentHash, at: target.now() });
  return { status: 'imported', file, ...result };
}

/**
 * Removes what the default library brought: its references (by SHA-256, per entry) and the
 * entries left without references. Entries and references the analyst added stay. Recorded, so
 * the default library is not imported again automatically.
 */
export function removeDefaultLibrary(target: DefaultLibraryHome, file: string = defaultLibraryPath()): { generatorsRemoved: number; referencesRemoved: number } {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { contentHash: string; generators: { key: string; references: { sha256: string }[] }[] };
  const repo = new LibraryRepository(target.db);
  let generatorsRemoved = 0;
  let referencesRemoved = 0;
  const vaultPaths = new Set<string>();
  target.db
    .transaction(() => {
      for (const g of parsed.generators) {
        const existing = repo.generatorByKey(g.key);
        if (!existing) continue;
        const shas = new Set(g.references.map((r) => r.sha256));
        for (const ref of repo.references(existing.id)) {
          if (!shas.has(ref.sha256)) continue;
          target.db.prepare('DELETE FROM library_references WHERE id = ?').run(ref.id);
          vaultPaths.add(ref.vaultPath);
          referencesRemoved++;
        }
        if (repo.references(existing.id).length === 0) {
          repo.deleteGenerator(existing.id);
          generatorsRemoved++;
        }
      }
      recordState(target, { status: 'removed', contentHash: parsed.contentHash, at: target.now() });
    })
    .immediate();
  // Vault copies still used by another entry's reference stay.
  const stillUsed = new Set(repo.references().map((r) => r.vaultPath));
  for (const path of vaultPaths) if (!stillUsed.has(path)) rmSync(join(target.home, path), { force: true });
  return { generatorsRemoved, referencesRemoved };
}

function recordState(target: DefaultLibraryHome, state: DefaultLibraryState): void {
  new SettingsRepository(target.db).set(DEFAULT_LIBRARY_STATE_KEY, state, state.at);
}

/** A library service used only for the library hash (no engine is opened). */
function libraryServiceOver(target: DefaultLibraryHome, repo: LibraryRepository): LibraryService {
  return new LibraryService({
    db: target.db,
    repo,
    home: target.home,
    engine: () => Promise.reject(new CausalPrintError('INTERNAL', 'The default library import needs no fingerprint engine.')),
    limits: () => ({ maxPixels: 0, maxFileBytes: 0 }),
    actor: () => 'causalprint',
    now: target.now,
  });
}

/**
 * `ensureDefaultLibrary` for a starting workstation: never stops the start. A failure (damaged
 * file, full disk) is reported on stderr and leaves the library as it was (the import is one
 * transaction), to be retried on the next start.
 */
export function ensureDefaultLibraryOnStart(target: DefaultLibraryHome, file?: string): DefaultLibraryOutcome {
  try {
    const outcome = ensureDefaultLibrary(target, file ?? defaultLibraryPath());
    if (outcome.status === 'imported') {
      const shipped = outcome.fingerprints.map((f) => `${f.references} for ${f.packId} ${f.packVersion}`).join('; ') || 'none';
      console.log(
        `CausalPrint: imported the built-in default library (${outcome.generatorsAdded} generators, ${outcome.referencesAdded} references, content hash ${outcome.contentHash}; shipped fingerprints: ${shipped}).`,
      );
    }
    return outcome;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`CausalPrint: the built-in default library was not imported: ${reason}`);
    return { status: 'skipped', reason };
  }
}
