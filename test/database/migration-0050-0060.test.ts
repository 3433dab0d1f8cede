import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../database/migrator.js';
import { openDatabase } from '../../database/open-database.js';

describe('migration 0050 create-generator-library', () => {
  it('keeps existing cases, then stores generators, references and fingerprints with cascading deletes', () => {
    const db = openDatabase(':memory:');
    migrate(db, { target: 40 });
    db.prepare(`INSERT INTO cases (id, number, title, examiner, description, status, created_at, updated_at)
      VALUES ('c1', 'N-1', 'T', 'E', '', 'open', 'x', 'x')`).run();
    migrate(db, { target: 50 });
    expect(schemaVersion(db)).toBe(50);
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 1 });
    db.prepare(`INSERT INTO generators (id, key, display_name, family, created_at, updated_at) VALUES ('g1', 'sd1.x', 'SD 1.x', 'diffusion', 'x', 'x')`).run();
    expect(() =>
      db.prepare(`INSERT INTO generators (id, key, display_name, family, created_at, updated_at) VALUES ('g2', 'x', 'X', 'painting', 'x', 'x')`).run(),
    ).toThrow(/CHECK/);
    db.prepare(`INSERT INTO library_references (id, generator_id, sha256, original_name, vault_path, size_bytes, width, height, format, enrolled_at, enrolled_by)
      VALUES ('r1', 'g1', ?, 'a.png', 'library/references/a.png', 10, 4, 4, 'png', 'x', 'E')`).run('a'.repeat(64));
    db.prepare(`INSERT INTO reference_fingerprints (reference_id, pack_id, pack_version, fingerprint, created_at) VALUES ('r1', 'p', '1', x'00', 'x')`).run();
    db.prepare(`DELETE FROM generators WHERE id = 'g1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM reference_fingerprints').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 0060 create-analysis-results', () => {
  it('keeps earlier rows and refuses a result for evidence that does not exist', () => {
    const db = openDatabase(':memory:');
    migrate(db, { target: 50 });
    db.prepare(`INSERT INTO generators (id, key, display_name, family, created_at, updated_at) VALUES ('g1', 'k', 'K', 'gan', 'x', 'x')`).run();
    migrate(db, { target: 60 });
    expect(schemaVersion(db)).toBe(60);
    expect(db.prepare('SELECT count(*) AS n FROM generators').get()).toEqual({ n: 1 });
    const insert = db.prepare(`INSERT INTO analysis_results (id, evidence_id, pack_id, pack_version, library_hash, result_json, result_hash, created_at, created_by)
      VALUES (?, 'missing-evidence', 'p', '1', ?, '{}', ?, 'x', 'E')`);
    expect(() => insert.run('a1', 'b'.repeat(64), 'c'.repeat(64))).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
