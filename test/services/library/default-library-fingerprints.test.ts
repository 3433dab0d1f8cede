import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFingerprint, encodeFingerprint } from '../../../electron/engine/library/fingerprint-codec.js';
import type { LibraryEngine } from '../../../electron/engine/library/library-engine.js';
import { defaultLibraryPath } from '../../../electron/services/library/default-library.js';
import { compactFingerprint } from '../../../electron/services/library/library-file.js';
import { openPackLibraryEngine } from '../../../electron/services/library/pack-library-engine.js';
import { makeTempDir } from '../../helpers/temp-home.js';

// The default library ships its references' fingerprints so that a fresh home attributes at once.
// They must be what the current engine computes: an engine change that alters fingerprints (spaces,
// residual, networks, patch sampling, processed copies) fails here until the library is rebuilt
// with `npm run library:default`.

interface ShippedReference {
  sha256: string;
  extension: string;
  imageBase64: string;
  fingerprints: { packId: string; packVersion: string; dataBase64: string }[];
}
const parsed = JSON.parse(readFileSync(defaultLibraryPath(), 'utf8')) as { generators: { key: string; references: ShippedReference[] }[] };
const REBUILD = 'rebuild the default library with `npm run library:default`';

/** One float16 step at the value's magnitude: a CPU's last float32 bit may tip a rounding either way. */
const halfStep = (value: number): number => Math.max(2 ** -24, 2 ** (Math.floor(Math.log2(Math.abs(value) || 2 ** -24)) - 10));

describe('the fingerprints shipped in the default library', () => {
  let engine: LibraryEngine;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    engine = await openPackLibraryEngine();
    ({ dir, cleanup } = makeTempDir('cp-default-fingerprints-'));
  });
  afterAll(() => cleanup?.());

  it('are there for every reference, made by the current engine version', () => {
    for (const g of parsed.generators) {
      for (const r of g.references) {
        expect(
          r.fingerprints.map((f) => `${f.packId} ${f.packVersion}`),
          `${g.key}/${r.sha256.slice(0, 12)} carries no fingerprint of ${engine.packId} ${engine.packVersion}: ${REBUILD}`,
        ).toEqual([`${engine.packId} ${engine.packVersion}`]);
      }
    }
  });

  it('equal what the engine computes now for a few references (to float16 rounding)', async () => {
    // First, middle and last entry: a generator, a diffusion model or the real camera.
    const picks = [0, Math.floor(parsed.generators.length / 2), parsed.generators.length - 1].map((i) => ({ key: parsed.generators[i]!.key, ref: parsed.generators[i]!.references[0]! }));
    for (const { key, ref } of picks) {
      const file = join(dir, `${ref.sha256}.${ref.extension}`);
      writeFileSync(file, Buffer.from(ref.imageBase64, 'base64'));
      const now = decodeFingerprint(compactFingerprint(encodeFingerprint(await engine.fingerprintFile(file))));
      const shipped = decodeFingerprint(Buffer.from(ref.fingerprints[0]!.dataBase64, 'base64'));
      const vectors = (fp: typeof now): Record<string, Record<string, Float32Array>> => ({ image: fp.spaces, ...fp.variants });
      const expected = vectors(shipped);
      const actual = vectors(now);
      expect(Object.keys(actual).sort(), `${key}: processed copies differ; ${REBUILD}`).toEqual(Object.keys(expected).sort());
      for (const [copy, spaces] of Object.entries(expected)) {
        expect(Object.keys(actual[copy]!).sort(), `${key}/${copy}: spaces differ; ${REBUILD}`).toEqual(Object.keys(spaces).sort());
        for (const [space, values] of Object.entries(spaces)) {
          const got = actual[copy]![space]!;
          expect(got.length, `${key}/${copy}/${space}: dimension; ${REBUILD}`).toBe(values.length);
          const off = Array.from(values).findIndex((v, i) => Math.abs(got[i]! - v) > halfStep(v));
          expect(off, `${key}/${copy}/${space}[${off}]: shipped ${values[off]}, now ${got[off]}; ${REBUILD}`).toBe(-1);
        }
      }
    }
  }, 300_000);
});
