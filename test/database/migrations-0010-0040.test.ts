import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../database/migrator.js';
import { openDatabase, type Db } from '../../database/open-database.js';

// One test per migration, Signal style: migrate to N−10, insert, migrate to N, assert the rows
// survived and the new schema enforces what it promises.

const HASH = 'a'.repeat(64);

function at(version: number): Db {
  const db = openDatabase(':memory:');
  migrate(db, { target: version });
  return db;
}

function insertCase(db: Db, id: string, number: string): void {
  db.prepare(
    `INSERT INTO cases (id, number, title, examiner, description, status, created_at, updated_at)
     VALUES (?, ?, 'Title', 'Examiner', '', 'open', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
  ).run(id, number);
}

function insertEvidence(db: Db, id: string, caseId: string, sha256: string): void {
  db.prepare(
    `INSERT INTO evidence (id, case_id, original_name, source_path, sha256, size_bytes, format, mime_type, width, height,
       bit_depth, channels, colour_space, has_alpha, has_exif, has_xmp, has_iptc, has_icc, c2pa_present, metadata_json,
       vault_path, thumbnail_path, imported_at, imported_by)
     VALUES (?, ?, 'a.png', '/src/a.png', ?, 10, 'png', 'image/png', 4, 4, 8, 3, 'srgb', 0, 0, 0, 0, 0, 0, '{}',
       'cases/x/evidence/a.png', 'cases/x/thumbnails/a.webp', 'now', 'E')`,
  ).run(id, caseId, sha256);
}

describe('migration 0010 create-cases', () => {
  it('creates cases with a case-insensitive unique number and a status check', () => {
    const db = at(0);
    migrate(db, { target: 10 });
    expect(schemaVersion(db)).toBe(10);
    insertCase(db, 'c1', 'CASE-1');
    expect(() => insertCase(db, 'c2', 'case-1')).toThrow(/UNIQUE/);
    expect(() => db.prepare(`UPDATE cases SET status = 'lost' WHERE id = 'c1'`).run()).toThrow(/CHECK/);
    expect(() => insertCase(db, 'c3', '')).toThrow(/CHECK/);
    expect(db.prepare('SELECT id, number, status FROM cases').all()).toEqual([{ id: 'c1', number: 'CASE-1', status: 'open' }]);
  });
});

describe('migration 0020 create-settings', () => {
  it('keeps existing cases and stores only valid JSON settings', () => {
    const db = at(10);
    insertCase(db, 'c1', 'N-1');
    migrate(db, { target: 20 });
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT id, number FROM cases').all()).toEqual([{ id: 'c1', number: 'N-1' }]);
    db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('maxPixels', '5000000', 'now')`).run();
    expect(() => db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('x', 'not json', 'now')`).run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT key, value_json FROM settings').all()).toEqual([{ key: 'maxPixels', value_json: '5000000' }]);
  });
});

describe('migration 0030 create-evidence', () => {
  it('keeps cases and settings, ties evidence to a case and a hash to one row per case', () => {
    const db = at(20);
    insertCase(db, 'c1', 'N-1');
    insertCase(db, 'c2', 'N-2');
    db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('examinerName', '"Ada"', 'now')`).run();
    migrate(db, { target: 30 });
    expect(schemaVersion(db)).toBe(30);
    expect(db.prepare('SELECT count(*) AS n FROM cases').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT value_json FROM settings').get()).toEqual({ value_json: '"Ada"' });

    insertEvidence(db, 'e1', 'c1', HASH);
    insertEvidence(db, 'e2', 'c2', HASH); // the same file may be evidence in another case
    expect(() => insertEvidence(db, 'e3', 'c1', HASH)).toThrow(/UNIQUE/);
    expect(() => insertEvidence(db, 'e4', 'no-case', 'b'.repeat(64))).toThrow(/FOREIGN KEY/);
    expect(() => insertEvidence(db, 'e5', 'c1', 'NOT-HEX'.padEnd(64, 'z'))).toThrow(/CHECK/);
    expect(() => db.prepare(`DELETE FROM cases WHERE id = 'c1'`).run()).toThrow(/FOREIGN KEY/);
    expect(db.prepare(`SELECT id, integrity, last_verified_at FROM evidence ORDER BY id`).all()).toEqual([
      { id: 'e1', integrity: 'unverified', last_verified_at: null },
      { id: 'e2', integrity: 'unverified', last_verified_at: null },
    ]);
  });
});

describe('migration 0040 create-audit-log', () => {
  it('keeps evidence, and makes the audit log append-only with a per-case head', () => {
    const db = at(30);
    insertCase(db, 'c1', 'N-1');
    insertEvidence(db, 'e1', 'c1', HASH);
    migrate(db, { target: 40 });
    expect(schemaVersion(db)).toBe(40);
    expect(db.prepare('SELECT id, case_id FROM evidence').all()).toEqual([{ id: 'e1', case_id: 'c1' }]);

    const append = db.prepare(
      `INSERT INTO audit_log (case_id, seq, at, actor, action, details_json, prev_hash, hash) VALUES (?, ?, 'now', 'E', 'case.created', '{}', ?, ?)`,
    );
    append.run('c1', 1, '0'.repeat(64), HASH);
    expect(() => append.run('c1', 1, HASH, HASH)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => append.run('no-case', 1, HASH, HASH)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'Mallory'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.prepare(`INSERT INTO audit_heads (case_id, seq, hash) VALUES ('c1', 1, ?)`).run(HASH);
    expect(db.prepare('SELECT case_id, seq FROM audit_log').all()).toEqual([{ case_id: 'c1', seq: 1 }]);
    expect(db.prepare('SELECT seq FROM audit_heads').get()).toEqual({ seq: 1 });
  });
});
