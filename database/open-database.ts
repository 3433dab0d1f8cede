import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CausalPrintError } from '../electron/contract/errors.js';

/** The better-sqlite3 handle type used throughout the database layer. */
export type Db = Database.Database;

/** How long a writer waits for another process (CLI next to the app) before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the case database at `file` with the pragmas every connection
 * must carry: WAL so the CLI and the app can read while the other writes, foreign keys on
 * (SQLite leaves them off per connection), and a busy timeout instead of instant SQLITE_BUSY.
 * `':memory:'` is accepted for tests.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new CausalPrintError('IO', `Cannot open the case database at ${file}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('synchronous = NORMAL');
  return db;
}
