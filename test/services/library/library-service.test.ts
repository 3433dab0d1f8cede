import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../database/migrator.js';
import { openDatabase, type Db } from '../../../database/open-database.js';
import { LibraryRepository } from '../../../database/repositories/library-repository.js';
import { CausalPrintError } from '../../../electron/contract/errors.js';
import { decodeFingerprint, encodeFingerprint } from '../../../electron/engine/library/fingerprint-codec.js';
import { walkSources } from '../../../electron/engine/intake/walk-sources.js';
import { exportLibrary, importLibrary } from '../../../electron/services/library/library-file.js';
import { LibraryService } from '../../../electron/services/library/library-service.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from './fake-library-engine.js';

interface Harness {
  home: string;
  db: Db;
  repo: LibraryRepository;
  service: LibraryService;
  engine: FakeLibraryEngine;
  cleanup: () => void;
}

function makeHarness(options: { packVersion?: string; log?: string[] } = {}): Harness {
  const { dir, cleanup } = makeTempDir('cp-library-');
  const db = openDatabase(join(dir, 'causalprint.db'));
  migrate(db);
  const repo = new LibraryRepository(db);
  const engine = new FakeLibraryEngine(options.packVersion);
  let tick = 0;
  const service = new LibraryService({
    db,
    repo,
    home: dir,
    engine: async () => engine,
    limits: () => ({ maxPixels: 10_000_000, maxFileBytes: 50_000_000 }),
    actor: () => 'Examiner Test',
    now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString(),
    ...(options.log ? { log: (line: string) => options.log!.push(line) } : {}),
  });
  return { home: dir, db, repo, service, engine, cleanup: () => (db.close(), cleanup()) };
}

/** Writes `count` PNGs of colour `rgb` (with a little per-file variation) into `dir`. */
async function writeImages(dir: string, prefix: string, rgb: [number, number, number], count: number): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `${prefix}-${i}.png`);
    const background = { r: rgb[0] + i, g: rgb[1], b: rgb[2] - i };
    await sharp({ create: { width: 48, height: 40, channels: 3, background } }).png().toFile(file);
    files.push(file);
  }
  return files;
}

async function enrolColour(h: Harness, key: string, rgb: [number, number, number], count = 6): Promise<void> {
  h.service.createGenerator({ key, displayName: key.toUpperCase(), family: 'gan' });
  const files = await writeImages(join(h.home, '..', `${h.home.split('/').pop()}-src`, key), key, rgb, count);
  const results = await h.service.enrol(key, await walkSources(files), { provenance: 'synthetic test colours' });
  expect(results.every((r) => r.status === 'enrolled')).toBe(true);
}

describe('fingerprint codec', () => {
  it('round-trips spaces and patches exactly', () => {
    const fp = {
      spaces: { b: Float32Array.from([1.5, -2, 3e-7]), a: Float32Array.from([0]) },
      perPatch: [{ box: [0, 0, 64, 64] as [number, number, number, number], spaces: { a: Float32Array.from([4, 5]) } }],
    };
    const back = decodeFingerprint(encodeFingerprint(fp));
    expect(Array.from(back.spaces.b!)).toEqual(Array.from(fp.spaces.b));
    expect(back.perPatch[0]!.box).toEqual([0, 0, 64, 64]);
    expect(Array.from(back.perPatch[0]!.spaces.a!)).toEqual([4, 5]);
    expect(encodeFingerprint(back).equals(encodeFingerprint(fp))).toBe(true);
  });

  it('round-trips the processed-copy vectors (do(processing) references)', () => {
    const fp = {
      spaces: { a: Float32Array.from([1]) },
      perPatch: [],
      variants: { 'jpeg-75': { a: Float32Array.from([2]) }, 'resize-0.75': { a: Float32Array.from([3]), b: Float32Array.from([4, 5]) } },
    };
    const back = decodeFingerprint(encodeFingerprint(fp));
    expect(Object.keys(back.variants!).sort()).toEqual(['jpeg-75', 'resize-0.75']);
    expect(Array.from(back.variants!['resize-0.75']!.b!)).toEqual([4, 5]);
    expect(Array.from(back.spaces.a!)).toEqual([1]);
  });

  it('refuses a truncated or foreign blob with an integrity error', () => {
    const blob = encodeFingerprint({ spaces: { a: Float32Array.from([1, 2, 3]) }, perPatch: [] });
    expect(() => decodeFingerprint(blob.subarray(0, blob.length - 4))).toThrow(/truncated/);
    expect(() => decodeFingerprint(Buffer.from('not a fingerprint'))).toThrow(CausalPrintError);
  });
});

describe('LibraryService', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
  });
  afterEach(() => h.cleanup());

  it('validates generator keys and refuses a second entry with the same key', () => {
    expect(() => h.service.createGenerator({ key: 'Bad Key', displayName: 'x', family: 'gan' })).toThrow(/lower-case/);
    h.service.createGenerator({ key: 'stylegan2', displayName: 'StyleGAN2', family: 'gan' });
    expect(() => h.service.createGenerator({ key: 'stylegan2', displayName: 'again', family: 'gan' })).toThrow(/already has/);
    expect(h.service.generator('stylegan2').displayName).toBe('StyleGAN2');
    expect(() => h.service.generator('nope')).toThrow(/no generator "nope"/);
  });

  it('enrols references through intake: hashed, read-only in the library vault, duplicates and non-images reported', async () => {
    h.service.createGenerator({ key: 'red', displayName: 'Red', family: 'diffusion' });
    const [file] = await writeImages(join(h.home, 'src'), 'red', [200, 30, 30], 1);
    const bogus = join(h.home, 'src', 'notes.png');
    writeFileSync(bogus, 'this is text, not a PNG');
    const results = await h.service.enrol('red', await walkSources([file!, file!, bogus]));
    expect(results.map((r) => r.status)).toEqual(['enrolled', 'duplicate', 'rejected']);
    expect(results[2]!.reason).toMatch(/not an image/);
    const [ref] = h.repo.references();
    const vault = join(h.home, ref!.vaultPath);
    expect(ref!.vaultPath).toBe(join('library', 'references', `${ref!.sha256}.png`));
    expect(readFileSync(vault).equals(readFileSync(file!))).toBe(true);
    expect(statSync(vault).mode & 0o222).toBe(0);
    expect(h.repo.fingerprint(ref!.id, 'fake-pack', '0.0.1')).not.toBeNull();
    expect(h.service.listGenerators()[0]!.references).toBe(1);
  });

  it('cross-validates the library: accuracy, confusion matrix, spread, FDR and nearest confuser', async () => {
    await enrolColour(h, 'red', [200, 30, 30]);
    await enrolColour(h, 'green', [30, 200, 30]);
    await enrolColour(h, 'orange', [200, 120, 30]);
    const model = await h.service.validate(3);
    const v = model.validation!;
    expect(v.folds).toBe(3);
    expect(v.references).toBe(18);
    expect(v.accuracy).toBe(1);
    expect(v.labels).toEqual(['green', 'orange', 'red']);
    expect(v.confusion).toEqual([
      [6, 0, 0, 0],
      [0, 6, 0, 0],
      [0, 0, 6, 0],
    ]);
    const red = v.entries.find((e) => e.generatorKey === 'red')!;
    expect(red.nearestConfuser).toBe('orange');
    expect(red.fdr).toBeGreaterThan(10);
    expect(red.spread).toBeGreaterThan(0);
  });

  it('attributes a new image to the right entry and says unknown for a colour far from all', async () => {
    await enrolColour(h, 'red', [200, 30, 30]);
    await enrolColour(h, 'green', [30, 200, 30]);
    const [probe] = await writeImages(join(h.home, 'probe'), 'p', [195, 35, 28], 1);
    const { attribution, model } = await h.service.attributeFile(probe!);
    expect(attribution.ranked[0]!.generatorKey).toBe('red');
    expect(attribution.unknown).toBe(false);
    expect(model.libraryHash).toBe(h.service.libraryHash());
    const [blue] = await writeImages(join(h.home, 'probe'), 'b', [20, 20, 240], 1);
    expect((await h.service.attributeFile(blue!)).attribution.unknown).toBe(true);
    expect(attribution.notes).toEqual([]);
  });

  it("carries the engine's notes on how it read the file into the attribution", async () => {
    await enrolColour(h, 'red', [200, 30, 30]);
    await enrolColour(h, 'green', [30, 200, 30]);
    const [probe] = await writeImages(join(h.home, 'probe'), 'p', [195, 35, 28], 1);
    h.engine.notesFor = (path) => (path === probe ? ['Animated/multi-page image (3 frames): only the first frame is analysed.'] : []);
    const { attribution } = await h.service.attributeFile(probe!);
    expect(attribution.notes).toEqual(['Animated/multi-page image (3 frames): only the first frame is analysed.']);
  });

  it('reuses the stored model and fingerprints until the library changes', async () => {
    await enrolColour(h, 'red', [200, 30, 30], 3);
    await enrolColour(h, 'green', [30, 200, 30], 3);
    const before = h.service.libraryHash();
    const first = await h.service.currentModel();
    const calls = h.engine.calls;
    const again = await h.service.currentModel();
    expect(again.fitted.hash).toBe(first.fitted.hash);
    expect(h.engine.calls).toBe(calls);
    await enrolColour(h, 'blue', [30, 30, 200], 3);
    expect(h.service.libraryHash()).not.toBe(before);
  });

  it('refuses to attribute with fewer than two entries', async () => {
    await enrolColour(h, 'red', [200, 30, 30], 2);
    await expect(h.service.currentModel()).rejects.toThrow(/at least two generators/);
  });
});

describe('library file export/import', () => {
  let a: Harness;
  let b: Harness;
  beforeEach(() => {
    a = makeHarness();
    b = makeHarness();
  });
  afterEach(() => {
    a.cleanup();
    b.cleanup();
  });
  const fileDeps = (h: Harness) => ({ db: h.db, repo: h.repo, home: h.home, now: () => '2026-01-01T00:00:00.000Z', libraryHash: () => h.service.libraryHash() });

  it('moves a whole library into another workstation with the same library hash', async () => {
    await enrolColour(a, 'red', [200, 30, 30], 3);
    await enrolColour(a, 'green', [30, 200, 30], 3);
    const file = join(a.home, 'export', 'lib.cplib');
    const exported = exportLibrary(fileDeps(a), file);
    expect(exported).toMatchObject({ generators: 2, references: 6 });
    const imported = importLibrary(fileDeps(b), file);
    expect(imported).toMatchObject({ generatorsAdded: 2, referencesAdded: 6, referencesSkipped: 0, contentHash: exported.contentHash });
    expect(b.service.libraryHash()).toBe(a.service.libraryHash());
    expect(importLibrary(fileDeps(b), file).referencesSkipped).toBe(6);
    // Fingerprints travelled too: attribution needs no recomputation.
    await b.service.currentModel();
    expect(b.engine.calls).toBe(0);
  });

  it('ships compact fingerprints (whole-image vectors, float16) that an engine of the same version uses as they are', async () => {
    await enrolColour(a, 'red', [200, 30, 30], 3);
    await enrolColour(a, 'green', [30, 200, 30], 3);
    const file = join(a.home, 'export', 'compact.cplib');
    exportLibrary(fileDeps(a), file, { fingerprints: 'compact' });
    const shipped = JSON.parse(readFileSync(file, 'utf8')) as { generators: { references: { fingerprints: { packId: string; packVersion: string; dataBase64: string }[] }[] }[] };
    const first = shipped.generators[0]!.references[0]!.fingerprints;
    expect(first.map((f) => [f.packId, f.packVersion])).toEqual([['fake-pack', '0.0.1']]);
    const compact = decodeFingerprint(Buffer.from(first[0]!.dataBase64, 'base64'));
    expect(compact.perPatch).toEqual([]);
    const log: string[] = [];
    const c = makeHarness({ log });
    try {
      expect(importLibrary(fileDeps(c), file).fingerprints).toEqual([{ packId: 'fake-pack', packVersion: '0.0.1', references: 6 }]);
      const model = await c.service.currentModel();
      expect(c.engine.calls).toBe(0);
      expect(log).toEqual([]);
      // Float16 keeps the fit's numbers to within its rounding: same entries, same attribution.
      const [probe] = await writeImages(join(c.home, 'probe'), 'p', [195, 35, 28], 1);
      expect((await c.service.attributeFile(probe!)).attribution.ranked[0]!.generatorKey).toBe('red');
      expect(Object.keys((model.fitted.model as { centroids: object }).centroids)).toEqual(['green', 'red']);
    } finally {
      c.cleanup();
    }
  });

  it('recomputes fingerprints made by another engine version from the images, and says so', async () => {
    await enrolColour(a, 'red', [200, 30, 30], 3);
    await enrolColour(a, 'green', [30, 200, 30], 3);
    const file = join(a.home, 'export', 'old.cplib');
    exportLibrary(fileDeps(a), file, { fingerprints: 'compact' });
    const log: string[] = [];
    const c = makeHarness({ packVersion: '0.0.2', log });
    try {
      importLibrary(fileDeps(c), file);
      await c.service.currentModel();
      expect(c.engine.calls).toBe(6);
      expect(log).toEqual([
        'Computing the fingerprints of 6 of 6 library reference(s) for fake-pack 0.0.2; this happens once per engine version. The library holds fingerprints of other versions (fake-pack 0.0.1), which this engine does not use.',
      ]);
      await c.service.currentModel();
      expect(c.engine.calls).toBe(6);
      expect(log).toHaveLength(1);
    } finally {
      c.cleanup();
    }
  });

  it('refuses an altered file and leaves the target library untouched', async () => {
    await enrolColour(a, 'red', [200, 30, 30], 2);
    const file = join(a.home, 'lib.cplib');
    exportLibrary(fileDeps(a), file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"RED"', '"R3D"'));
    expect(() => importLibrary(fileDeps(b), file)).toThrow(/does not match its content hash/);
    expect(b.repo.listGenerators()).toHaveLength(0);
  });
});
