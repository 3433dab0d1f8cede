import { CausalPrintError } from '../electron/contract/errors.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import type { Db } from './open-database.js';

/** What a migration run did, for logs and tests. */
export interface MigrationReport {
  from: number;
  to: number;
  applied: string[];
}

/** Reads the schema version SQLite keeps in the file header. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to `target` (default: the newest migration). Everything pending runs
 * in ONE transaction together with the `user_version` bump, so a failing step leaves the file
 * exactly as it was. A database written by a newer CausalPrint is refused rather than guessed at.
 */
export function migrate(
  db: Db,
  options: { migrations?: readonly Migration[]; target?: number } = {},
): MigrationReport {
  const list = options.migrations ?? allMigrations;
  assertOrdered(list);
  const newest = list.at(-1)?.version ?? 0;
  const target = options.target ?? newest;
  const from = schemaVersion(db);

  if (from > newest) {
    throw new CausalPrintError(
      'UNSUPPORTED',
      `This case database has schema version ${from}, newer than this CausalPrint understands (${newest}). ` +
        'Open it with the newer version of CausalPrint that wrote it.',
      { databaseVersion: from, newestKnown: newest },
    );
  }
  if (target < from) {
    throw new CausalPrintError('UNSUPPORTED', `Cannot migrate down from schema version ${from} to ${target}.`);
  }
  if (target !== 0 && !list.some((m) => m.version === target)) {
    throw new CausalPrintError('INTERNAL', `No migration has version ${target}.`);
  }

  const pending = list.filter((m) => m.version > from && m.version <= target);
  const applied: string[] = [];
  const runAll = db.transaction(() => {
    for (const migration of pending) {
      try {
        migration.up(db);
      } catch (error) {
        // Re-thrown with the step's name; the transaction wrapper then rolls everything back.
        throw new CausalPrintError(
          'INTERNAL',
          `Database migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
          { version: migration.version },
          { cause: error },
        );
      }
      applied.push(`${migration.version}-${migration.name}`);
    }
    if (pending.length > 0) db.pragma(`user_version = ${target}`);
  });
  runAll();
  return { from, to: schemaVersion(db), applied };
}

function assertOrdered(list: readonly Migration[]): void {
  let previous = 0;
  for (const m of list) {
    if (!Number.isInteger(m.version) || m.version <= previous) {
      throw new CausalPrintError(
        'INTERNAL',
        `Migrations must have strictly ascending positive versions; ${m.version} (${m.name}) follows ${previous}.`,
      );
    }
    previous = m.version;
  }
}
