import type { Db } from '../open-database.js';

/**
 * One schema step. `version` is the number in the file name (steps of 10), which becomes
 * `PRAGMA user_version` once the step has run. `up` runs raw SQL inside the runner's transaction.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}
