import { GeneratorFamilySchema } from '../../electron/contract/library-schemas.js';
import type { Db } from '../open-database.js';

/** The families the contract (and the generators table's CHECK) allow. */
export const GENERATOR_FAMILIES = GeneratorFamilySchema.options;
export type GeneratorFamily = (typeof GENERATOR_FAMILIES)[number];

export interface GeneratorRecord {
  id: string;
  key: string;
  displayName: string;
  family: GeneratorFamily;
  version: string;
  notes: string;
  isReal: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ReferenceRecord {
  id: string;
  generatorId: string;
  sha256: string;
  originalName: string;
  vaultPath: string;
  sizeBytes: number;
  width: number;
  height: number;
  format: string;
  provenance: string;
  contentId: string | null;
  enrolledAt: string;
  enrolledBy: string;
}

export interface LibraryModelRecord {
  id: string;
  packId: string;
  packVersion: string;
  libraryHash: string;
  modelHash: string;
  modelJson: string;
  validationJson: string | null;
  createdAt: string;
}

interface GeneratorRow {
  id: string;
  key: string;
  display_name: string;
  family: GeneratorFamily;
  version: string;
  notes: string;
  is_real: number;
  created_at: string;
  updated_at: string;
}

interface ReferenceRow {
  id: string;
  generator_id: string;
  sha256: string;
  original_name: string;
  vault_path: string;
  size_bytes: number;
  width: number;
  height: number;
  format: string;
  provenance: string;
  content_id: string | null;
  enrolled_at: string;
  enrolled_by: string;
}

const toGenerator = (r: GeneratorRow): GeneratorRecord => ({
  id: r.id,
  key: r.key,
  displayName: r.display_name,
  family: r.family,
  version: r.version,
  notes: r.notes,
  isReal: r.is_real === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toReference = (r: ReferenceRow): ReferenceRecord => ({
  id: r.id,
  generatorId: r.generator_id,
  sha256: r.sha256,
  originalName: r.original_name,
  vaultPath: r.vault_path,
  sizeBytes: r.size_bytes,
  width: r.width,
  height: r.height,
  format: r.format,
  provenance: r.provenance,
  contentId: r.content_id,
  enrolledAt: r.enrolled_at,
  enrolledBy: r.enrolled_by,
});

/** Typed access to the fingerprint library tables (generators, references, fingerprints, models). */
export class LibraryRepository {
  constructor(private readonly db: Db) {}

  listGenerators(): GeneratorRecord[] {
    return (this.db.prepare('SELECT * FROM generators ORDER BY key').all() as GeneratorRow[]).map(toGenerator);
  }

  generatorByKey(key: string): GeneratorRecord | null {
    const row = this.db.prepare('SELECT * FROM generators WHERE key = ?').get(key) as GeneratorRow | undefined;
    return row ? toGenerator(row) : null;
  }

  insertGenerator(g: GeneratorRecord): void {
    this.db
      .prepare(
        `INSERT INTO generators (id, key, display_name, family, version, notes, is_real, created_at, updated_at)
         VALUES (@id, @key, @displayName, @family, @version, @notes, @isReal, @createdAt, @updatedAt)`,
      )
      .run({ ...g, isReal: g.isReal ? 1 : 0 });
  }

  updateGenerator(id: string, fields: Pick<GeneratorRecord, 'displayName' | 'family' | 'version' | 'notes' | 'isReal' | 'updatedAt'>): void {
    this.db
      .prepare(
        `UPDATE generators SET display_name = @displayName, family = @family, version = @version, notes = @notes,
         is_real = @isReal, updated_at = @updatedAt WHERE id = @id`,
      )
      .run({ ...fields, id, isReal: fields.isReal ? 1 : 0 });
  }

  deleteGenerator(id: string): void {
    this.db.prepare('DELETE FROM generators WHERE id = ?').run(id);
  }

  references(generatorId?: string): ReferenceRecord[] {
    const rows = generatorId
      ? this.db.prepare('SELECT * FROM library_references WHERE generator_id = ? ORDER BY sha256').all(generatorId)
      : this.db.prepare('SELECT * FROM library_references ORDER BY generator_id, sha256').all();
    return (rows as ReferenceRow[]).map(toReference);
  }

  referenceBySha(generatorId: string, sha256: string): ReferenceRecord | null {
    const row = this.db.prepare('SELECT * FROM library_references WHERE generator_id = ? AND sha256 = ?').get(generatorId, sha256) as
      | ReferenceRow
      | undefined;
    return row ? toReference(row) : null;
  }

  insertReference(r: ReferenceRecord): void {
    this.db
      .prepare(
        `INSERT INTO library_references (id, generator_id, sha256, original_name, vault_path, size_bytes, width, height, format,
           provenance, content_id, enrolled_at, enrolled_by)
         VALUES (@id, @generatorId, @sha256, @originalName, @vaultPath, @sizeBytes, @width, @height, @format,
           @provenance, @contentId, @enrolledAt, @enrolledBy)`,
      )
      .run(r);
  }

  fingerprint(referenceId: string, packId: string, packVersion: string): Buffer | null {
    const row = this.db
      .prepare('SELECT fingerprint FROM reference_fingerprints WHERE reference_id = ? AND pack_id = ? AND pack_version = ?')
      .get(referenceId, packId, packVersion) as { fingerprint: Buffer } | undefined;
    return row?.fingerprint ?? null;
  }

  putFingerprint(referenceId: string, packId: string, packVersion: string, blob: Buffer, createdAt: string): void {
    this.db
      .prepare(
        `INSERT INTO reference_fingerprints (reference_id, pack_id, pack_version, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (reference_id, pack_id, pack_version) DO UPDATE SET fingerprint = excluded.fingerprint, created_at = excluded.created_at`,
      )
      .run(referenceId, packId, packVersion, blob, createdAt);
  }

  latestModel(packId: string, packVersion: string, libraryHash: string): LibraryModelRecord | null {
    const row = this.db
      .prepare(
        `SELECT id, pack_id AS packId, pack_version AS packVersion, library_hash AS libraryHash, model_hash AS modelHash,
           model_json AS modelJson, validation_json AS validationJson, created_at AS createdAt
         FROM library_models WHERE pack_id = ? AND pack_version = ? AND library_hash = ? ORDER BY created_at DESC LIMIT 1`,
      )
      .get(packId, packVersion, libraryHash) as LibraryModelRecord | undefined;
    return row ?? null;
  }

  insertModel(m: LibraryModelRecord): void {
    this.db
      .prepare(
        `INSERT INTO library_models (id, pack_id, pack_version, library_hash, model_hash, model_json, validation_json, created_at)
         VALUES (@id, @packId, @packVersion, @libraryHash, @modelHash, @modelJson, @validationJson, @createdAt)`,
      )
      .run(m);
  }
}
