import type { Migration } from './migration.js';

/** Workstation settings as key → JSON value; defaults live in code, only changes are stored. */
export const migration: Migration = {
  version: 20,
  name: 'create-settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
        value_json TEXT NOT NULL CHECK (json_valid(value_json)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
