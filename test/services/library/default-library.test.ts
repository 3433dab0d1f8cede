import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../database/migrator.js';
import { openDatabase, type Db } from '../../../database/open-database.js';
import { LibraryRepository } from '../../../database/repositories/library-repository.js';
import { decodeFingerprint } from '../../../electron/engine/library/fingerprint-codec.js';
import { canonicalJson } from '../../../electron/services/audit-chain.js';
import {
  DEFAULT_LIBRARY_ENV,
  defaultLibraryPath,
  defaultLibraryState,
  ensureDefaultLibrary,
  importDefaultLibrary,
  removeDefaultLibrary,
} from '../../../electron/services/library/default-library.js';
import { DEFAULT_REAL_KEY } from '../../../electron/services/library/default-library-build.js';
import { LibraryService } from '../../../electron/services/library/library-service.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from './fake-library-engine.js';

interface DefaultFile {
  contentHash: string;
  generators: {
    key: string;
    family: string;
    version: string;
    isReal: boolean;
    notes: string;
    references: { sha256: string; provenance: string; imageBase64: string; fingerprints: { packId: string; packVersion: string; dataBase64: string }[] }[];
  }[];
}

const file = defaultLibraryPath();
const parsed = JSON.parse(readFileSync(file, 'utf8')) as DefaultFile;
const referenceCount = parsed.generators.reduce((n, g) => n + g.references.length, 0);

describe('the committed default library file', () => {
  // 17 MB keeps every committed model artefact (networks, zoo, docs, this file: 49.9 MB on 2026-12-04)
  // within the 60 MB budget of the models issue; the real-camera entry's 60 photos took it past 15 MB.
  it('is at most 17 MB and matches its content hash', () => {
    expect(statSync(file).size).toBeLessThanOrEqual(17_000_000);
    const { contentHash, ...body } = parsed;
    expect(createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex')).toBe(contentHash);
  });

  it('has every zoo generator, the diffusion generator and a real-camera entry, each reference with provenance', () => {
    const keys = parsed.generators.map((g) => g.key);
    const zoo = JSON.parse(readFileSync(join(file, '..', '..', '..', 'zoo', 'manifest.json'), 'utf8')) as { networks: { id: string; role: string; sha256: string }[] };
    for (const n of zoo.networks.filter((n) => n.role === 'zoo-generator')) expect(keys).toContain(n.id);
    expect(keys.some((k) => k.startsWith('diffusion-'))).toBe(true);
    const real = parsed.generators.find((g) => g.key === DEFAULT_REAL_KEY)!;
    expect(real).toMatchObject({ family: 'camera', isReal: true });
    // The real-camera crops come from more than one source package.
    expect(new Set(real.references.map((r) => /package ([^,]+),/.exec(r.provenance)?.[1])).size).toBeGreaterThanOrEqual(5);
    // …and from more photos than any generator renders (the photos the generators render, and further ones).
    expect(real.references.length).toBeGreaterThan(Math.max(...parsed.generators.filter((g) => !g.isReal).map((g) => g.references.length)));
    for (const g of parsed.generators) {
      expect(g.references.length).toBeGreaterThanOrEqual(5);
      for (const r of g.references) {
        expect(r.provenance).toMatch(/^photo \S+ \(corpus group A, package .+, sha256 [0-9a-f]{64}\); box \[.+\]; .+; npm run library:default at commit [0-9a-f]{40}$/);
        expect(createHash('sha256').update(Buffer.from(r.imageBase64, 'base64')).digest('hex')).toBe(r.sha256);
      }
    }
    // Each entry names the network that rendered it; a retrained zoo or reconstructor needs `npm run library:default`.
    const pack = JSON.parse(readFileSync(join(file, '..', 'manifest.json'), 'utf8')) as { networks: { id: string; sha256: string }[] };
    for (const g of parsed.generators.filter((g) => !g.isReal)) {
      const network = [...zoo.networks, ...pack.networks].find((n) => n.id === g.key || (g.key.startsWith('diffusion-') && n.id === 'reconstructor')) as { sha256?: string } | undefined;
      expect(network, `${g.key} is no longer in the zoo or pack`).toBeDefined();
      expect(g.version, `${g.key} was rendered by another version of its network: rebuild with npm run library:default`).toContain(`sha256:${network!.sha256!.slice(0, 16)}`);
    }
    // Each reference ships one compact fingerprint (float16, whole-image vectors only); an engine of
    // another version computes its own (default-library-fingerprints.test.ts checks they are current).
    for (const g of parsed.generators) {
      for (const r of g.references) {
        expect(r.fingerprints).toHaveLength(1);
        const blob = Buffer.from(r.fingerprints[0]!.dataBase64, 'base64');
        expect(blob.readUInt8(4)).toBe(2);
        expect(decodeFingerprint(blob).perPatch).toEqual([]);
      }
    }
  });
});

describe('importing the default library into a home', () => {
  let home: string;
  let db: Db;
  let cleanup: () => void;
  let tick = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString();
  const target = () => ({ db, home, now });
  const service = (engine: FakeLibraryEngine) =>
    new LibraryService({
      db,
      repo: new LibraryRepository(db),
      home,
      engine: async () => engine,
      limits: () => ({ maxPixels: 10_000_000, maxFileBytes: 50_000_000 }),
      actor: () => 'Examiner Test',
      now,
    });

  beforeEach(() => {
    ({ dir: home, cleanup } = makeTempDir('cp-default-library-'));
    db = openDatabase(join(home, 'causalprint.db'));
    migrate(db);
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  it('imports into an empty library once, hash-checked, and records it', () => {
    const outcome = ensureDefaultLibrary(target(), file, {});
    expect(outcome).toMatchObject({ status: 'imported', contentHash: parsed.contentHash, generatorsAdded: parsed.generators.length, referencesAdded: referenceCount });
    const repo = new LibraryRepository(db);
    expect(repo.listGenerators().map((g) => g.key)).toEqual(parsed.generators.map((g) => g.key).sort());
    expect(repo.references()).toHaveLength(referenceCount);
    expect(defaultLibraryState(db)).toMatchObject({ status: 'imported', contentHash: parsed.contentHash });
    // Idempotent: a second start does nothing, even with the library emptied meanwhile.
    expect(ensureDefaultLibrary(target(), file, {})).toMatchObject({ status: 'skipped' });
    expect(repo.references()).toHaveLength(referenceCount);
  });

  it("is skipped when the analyst's library has an entry, or when switched off", () => {
    expect(ensureDefaultLibrary(target(), file, { [DEFAULT_LIBRARY_ENV]: 'off' })).toMatchObject({ status: 'skipped', reason: `${DEFAULT_LIBRARY_ENV}=off` });
    service(new FakeLibraryEngine()).createGenerator({ key: 'mine', displayName: 'Mine', family: 'gan' });
    expect(ensureDefaultLibrary(target(), file, {})).toMatchObject({ status: 'skipped', reason: 'the library already has entries' });
    expect(new LibraryRepository(db).listGenerators().map((g) => g.key)).toEqual(['mine']);
    expect(defaultLibraryState(db)).toBeNull();
  });

  it('can be removed (keeping what the analyst added) and is then not imported again', async () => {
    importDefaultLibrary(target(), file);
    service(new FakeLibraryEngine()).createGenerator({ key: 'mine', displayName: 'Mine', family: 'gan' });
    expect(removeDefaultLibrary(target(), file)).toEqual({ generatorsRemoved: parsed.generators.length, referencesRemoved: referenceCount });
    expect(new LibraryRepository(db).listGenerators().map((g) => g.key)).toEqual(['mine']);
    expect(defaultLibraryState(db)).toMatchObject({ status: 'removed' });
    db.prepare("DELETE FROM generators WHERE key = 'mine'").run();
    expect(ensureDefaultLibrary(target(), file, {})).toMatchObject({ status: 'skipped' });
    // An explicit import-default brings it back.
    expect(importDefaultLibrary(target(), file)).toMatchObject({ referencesAdded: referenceCount });
  });

  it('is fingerprinted and fitted by the engine that opens it, and again when the pack changes', async () => {
    importDefaultLibrary(target(), file);
    const first = new FakeLibraryEngine();
    const model = await service(first).currentModel();
    expect(first.calls).toBe(referenceCount);
    expect(model.fitted.hash).toMatch(/^[0-9a-f]{64}$/);
    // Same pack: stored fingerprints and model are reused.
    const again = new FakeLibraryEngine();
    await service(again).currentModel();
    expect(again.calls).toBe(0);
    // Another pack version (e.g. a retrained encoder): every reference is fingerprinted again.
    const changed = Object.assign(new FakeLibraryEngine(), { packVersion: '0.0.2' });
    const refitted = await service(changed).currentModel();
    expect(changed.calls).toBe(referenceCount);
    expect(refitted.packVersion).toContain('0.0.2');
  });
});
