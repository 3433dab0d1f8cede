import type { Migration } from './migration.js';

/**
 * The per-case, hash-chained audit log, plus the chain head of each case (so that deleting the
 * newest entries is detectable too).
 *
 * The triggers make the log append-only for ordinary SQL: they stop mistakes and careless tools,
 * not an attacker with write access to the file, who can drop a trigger first. What detects that
 * attacker is the hash chain, checked by `audit verify`.
 */
export const migration: Migration = {
  version: 40,
  name: 'create-audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        case_id      TEXT NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        seq          INTEGER NOT NULL CHECK (seq > 0),
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL CHECK (length(action) > 0),
        details_json TEXT NOT NULL CHECK (json_valid(details_json)),
        prev_hash    TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash         TEXT NOT NULL CHECK (length(hash) = 64),
        PRIMARY KEY (case_id, seq)
      ) STRICT;
      CREATE INDEX audit_log_action ON audit_log (case_id, action);

      CREATE TABLE audit_heads (
        case_id TEXT NOT NULL PRIMARY KEY REFERENCES cases (id) ON DELETE RESTRICT,
        seq     INTEGER NOT NULL CHECK (seq > 0),
        hash    TEXT NOT NULL CHECK (length(hash) = 64)
      ) STRICT;

      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
    `);
  },
};
