import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CausalPrintError } from '../../electron/contract/errors.js';
import { migrate, schemaVersion } from '../../database/migrator.js';
import { migrations } from '../../database/migrations/index.js';
import type { Migration } from '../../database/migrations/migration.js';
import { openDatabase, type Db } from '../../database/open-database.js';

const tables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

const step = (version: number, name: string, sql: string): Migration => ({ version, name, up: (db) => db.exec(sql) });

describe('openDatabase', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file database in WAL mode with foreign keys enforced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-db-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'nested', 'causalprint.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    migrate(db);
    expect(() =>
      db.prepare(`INSERT INTO audit_heads (case_id, seq, hash) VALUES ('no-such-case', 1, ?)`).run('a'.repeat(64)),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('turns an unopenable path into an IO error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-db-'));
    dirs.push(dir);
    // A directory is not a database file.
    expect(() => openDatabase(dir)).toThrow(CausalPrintError);
  });
});

describe('migrate', () => {
  it('brings a new database to the newest version and records it in user_version', () => {
    const db = openDatabase(':memory:');
    const report = migrate(db);
    const newest = migrations.at(-1)!.version;
    expect(report).toEqual({ from: 0, to: newest, applied: migrations.map((m) => `${m.version}-${m.name}`) });
    expect(schemaVersion(db)).toBe(newest);
    expect(tables(db)).toEqual(expect.arrayContaining(['cases', 'settings', 'evidence', 'audit_log', 'audit_heads']));
    expect(migrate(db)).toEqual({ from: newest, to: newest, applied: [] });
  });

  it('applies only the pending steps, in version order', () => {
    const db = openDatabase(':memory:');
    migrate(db, { target: 20 });
    expect(schemaVersion(db)).toBe(20);
    expect(tables(db)).toEqual(['cases', 'settings']);
    const report = migrate(db, { target: 40 });
    expect(report.applied).toEqual(['30-create-evidence', '40-create-audit-log']);
    expect(schemaVersion(db)).toBe(40);
  });

  it('rolls back every pending step when a later one fails, leaving version and schema untouched', () => {
    const db = openDatabase(':memory:');
    const list = [
      step(10, 'first', 'CREATE TABLE a (x INTEGER) STRICT'),
      step(20, 'second', 'CREATE TABLE b (x INTEGER) STRICT'),
      step(30, 'broken', 'CREATE TABLE c (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1)'),
    ];
    let caught: unknown;
    try {
      migrate(db, { migrations: list });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CausalPrintError);
    expect((caught as CausalPrintError).message).toMatch(/migration 30 \(broken\) failed: no such table/);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('keeps the earlier committed version when a later run fails', () => {
    const db = openDatabase(':memory:');
    const list = [step(10, 'first', 'CREATE TABLE a (x INTEGER) STRICT'), step(20, 'broken', 'CREATE TABLE b (x INTEGER) STRICT; SELEC 1')];
    migrate(db, { migrations: list, target: 10 });
    expect(() => migrate(db, { migrations: list })).toThrow(/migration 20 \(broken\) failed/);
    expect(schemaVersion(db)).toBe(10);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuses a database written by a newer version and leaves it alone', () => {
    const db = openDatabase(':memory:');
    db.pragma('user_version = 9990');
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringMatching(/schema version 9990, newer/) }));
    expect(schemaVersion(db)).toBe(9990);
    expect(tables(db)).toEqual([]);
  });

  it('refuses migration lists that are out of order or repeat a version', () => {
    const db = openDatabase(':memory:');
    const a = step(10, 'a', 'SELECT 1');
    const b = step(20, 'b', 'SELECT 1');
    expect(() => migrate(db, { migrations: [b, a] })).toThrow(/strictly ascending.*10 \(a\) follows 20/);
    expect(() => migrate(db, { migrations: [a, a] })).toThrow(/strictly ascending/);
    expect(() => migrate(db, { migrations: [step(1.5, 'x', 'SELECT 1')] })).toThrow(/strictly ascending/);
    expect(schemaVersion(db)).toBe(0);
  });

  it('refuses to migrate down or to a version no migration has', () => {
    const db = openDatabase(':memory:');
    migrate(db, { target: 30 });
    expect(() => migrate(db, { target: 20 })).toThrow(/Cannot migrate down/);
    expect(() => migrate(db, { target: 35 })).toThrow(/No migration has version 35/);
    expect(schemaVersion(db)).toBe(30);
  });

  it('ships migrations numbered in steps of 10 whose file names match', () => {
    const dir = fileURLToPath(new URL('../../database/migrations/', import.meta.url));
    const files = readdirSync(dir).filter((f) => /^\d{4}-/.test(f)).sort();
    expect(files).toEqual(migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`));
    migrations.forEach((m, i) => expect(m.version).toBe((i + 1) * 10));
  });
});
