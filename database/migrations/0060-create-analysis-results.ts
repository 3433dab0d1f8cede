import type { Migration } from './migration.js';

/**
 * One attribution result per evidence item and (pack, library) pair. The full result is kept as
 * canonical JSON with its SHA-256, so a report can cite it and a re-run can be compared byte for
 * byte. Rows are written in one transaction at the end of an analysis: an interrupted analysis
 * leaves none.
 */
export const migration: Migration = {
  version: 60,
  name: 'create-analysis-results',
  up(db) {
    db.exec(`
      CREATE TABLE analysis_results (
        id           TEXT NOT NULL PRIMARY KEY,
        evidence_id  TEXT NOT NULL REFERENCES evidence (id) ON DELETE RESTRICT,
        pack_id      TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        library_hash TEXT NOT NULL CHECK (length(library_hash) = 64),
        result_json  TEXT NOT NULL CHECK (json_valid(result_json)),
        result_hash  TEXT NOT NULL CHECK (length(result_hash) = 64),
        created_at   TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        UNIQUE (evidence_id, pack_id, pack_version, library_hash)
      ) STRICT;
      CREATE INDEX analysis_results_evidence ON analysis_results (evidence_id);
    `);
  },
};
