import type { Migration } from './migration.js';

/**
 * The fingerprint library: generator entries, their enrolled reference images (hashed, copied
 * into `<home>/library/references/`), the per-reference fingerprints computed by a given model
 * pack (BLOB, one row per pack version), and fitted library models with their validation.
 */
export const migration: Migration = {
  version: 50,
  name: 'create-generator-library',
  up(db) {
    db.exec(`
      CREATE TABLE generators (
        id           TEXT NOT NULL PRIMARY KEY,
        key          TEXT NOT NULL UNIQUE CHECK (key GLOB '[a-z0-9]*' AND length(key) BETWEEN 1 AND 80),
        display_name TEXT NOT NULL CHECK (length(display_name) > 0),
        family       TEXT NOT NULL CHECK (family IN ('gan', 'diffusion', 'autoencoder', 'vae', 'super-resolution', 'camera', 'other')),
        version      TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        is_real      INTEGER NOT NULL DEFAULT 0 CHECK (is_real IN (0, 1)),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE library_references (
        id            TEXT NOT NULL PRIMARY KEY,
        generator_id  TEXT NOT NULL REFERENCES generators (id) ON DELETE CASCADE,
        sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
        original_name TEXT NOT NULL,
        vault_path    TEXT NOT NULL,
        size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
        width         INTEGER NOT NULL CHECK (width > 0),
        height        INTEGER NOT NULL CHECK (height > 0),
        format        TEXT NOT NULL,
        provenance    TEXT NOT NULL DEFAULT '',
        content_id    TEXT,
        enrolled_at   TEXT NOT NULL,
        enrolled_by   TEXT NOT NULL,
        UNIQUE (generator_id, sha256)
      ) STRICT;
      CREATE INDEX library_references_generator ON library_references (generator_id);

      CREATE TABLE reference_fingerprints (
        reference_id TEXT NOT NULL REFERENCES library_references (id) ON DELETE CASCADE,
        pack_id      TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        fingerprint  BLOB NOT NULL,
        created_at   TEXT NOT NULL,
        PRIMARY KEY (reference_id, pack_id, pack_version)
      ) STRICT;

      CREATE TABLE library_models (
        id              TEXT NOT NULL PRIMARY KEY,
        pack_id         TEXT NOT NULL,
        pack_version    TEXT NOT NULL,
        library_hash    TEXT NOT NULL CHECK (length(library_hash) = 64),
        model_hash      TEXT NOT NULL CHECK (length(model_hash) = 64),
        model_json      TEXT NOT NULL CHECK (json_valid(model_json)),
        validation_json TEXT CHECK (validation_json IS NULL OR json_valid(validation_json)),
        created_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX library_models_lookup ON library_models (pack_id, pack_version, library_hash);
    `);
  },
};
