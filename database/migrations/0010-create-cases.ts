import type { Migration } from './migration.js';

/** Cases: the unit an analyst works in. Numbers are unique regardless of letter case. */
export const migration: Migration = {
  version: 10,
  name: 'create-cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        id          TEXT NOT NULL PRIMARY KEY,
        number      TEXT NOT NULL COLLATE NOCASE CHECK (length(number) BETWEEN 1 AND 64),
        title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        examiner    TEXT NOT NULL CHECK (length(examiner) BETWEEN 1 AND 120),
        description TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX cases_number_unique ON cases (number COLLATE NOCASE);
      CREATE INDEX cases_created_at ON cases (created_at);
    `);
  },
};
