import type { Migration } from './migration.js';

/**
 * Evidence items. One SHA-256 appears at most once per case (duplicates are reported, not
 * stored). Vault and thumbnail paths are relative to the workstation home so a home can move.
 */
export const migration: Migration = {
  version: 30,
  name: 'create-evidence',
  up(db) {
    db.exec(`
      CREATE TABLE evidence (
        id                   TEXT NOT NULL PRIMARY KEY,
        case_id              TEXT NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
        original_name        TEXT NOT NULL,
        source_path          TEXT NOT NULL,
        sha256               TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        size_bytes           INTEGER NOT NULL CHECK (size_bytes > 0),
        format               TEXT NOT NULL,
        mime_type            TEXT NOT NULL,
        width                INTEGER NOT NULL CHECK (width > 0),
        height               INTEGER NOT NULL CHECK (height > 0),
        bit_depth            INTEGER NOT NULL CHECK (bit_depth > 0),
        channels             INTEGER NOT NULL CHECK (channels > 0),
        colour_space         TEXT NOT NULL,
        has_alpha            INTEGER NOT NULL CHECK (has_alpha IN (0, 1)),
        pages                INTEGER NOT NULL DEFAULT 1 CHECK (pages > 0),
        has_exif             INTEGER NOT NULL CHECK (has_exif IN (0, 1)),
        has_xmp              INTEGER NOT NULL CHECK (has_xmp IN (0, 1)),
        has_iptc             INTEGER NOT NULL CHECK (has_iptc IN (0, 1)),
        has_icc              INTEGER NOT NULL CHECK (has_icc IN (0, 1)),
        c2pa_present         INTEGER NOT NULL CHECK (c2pa_present IN (0, 1)),
        metadata_json        TEXT NOT NULL CHECK (json_valid(metadata_json)),
        vault_path           TEXT NOT NULL,
        thumbnail_path       TEXT NOT NULL,
        imported_at          TEXT NOT NULL,
        imported_by          TEXT NOT NULL,
        last_verified_at     TEXT,
        last_verified_sha256 TEXT,
        integrity            TEXT NOT NULL DEFAULT 'unverified'
                             CHECK (integrity IN ('verified', 'mismatch', 'missing', 'unverified'))
      ) STRICT;
      CREATE UNIQUE INDEX evidence_case_sha256 ON evidence (case_id, sha256);
      CREATE INDEX evidence_case_imported ON evidence (case_id, imported_at);
    `);
  },
};
