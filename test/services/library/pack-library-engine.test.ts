import { chmodSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';
import { openPackLibraryEngine, DEFAULT_PACK } from '../../../electron/services/library/pack-library-engine.js';
import { validateLibrary } from '../../../electron/engine/library/library-validation.js';
import type { EnrolledFingerprint } from '../../../electron/engine/library/library-engine.js';
import { makeTempDir } from '../../helpers/temp-home.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Two synthetic "generators" over the same kind of content (a random smooth gradient): one adds
 * fine independent pixel noise, the other noise upsampled ×2 by pixel repetition (a checkerboard
 * grid, like a nearest-upsampling decoder). Only the trace differs.
 */
async function render(file: string, kind: 'fine' | 'grid', seed: number): Promise<void> {
  const r = rng(seed);
  const size = 128;
  const [gx, gy, base] = [r() * 0.8, r() * 0.8, 60 + r() * 80];
  const px = Buffer.alloc(size * size * 3);
  const coarse = Array.from({ length: (size / 2) ** 2 * 3 }, () => (r() - 0.5) * 24);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        const noise = kind === 'fine' ? (r() - 0.5) * 24 : coarse[((y >> 1) * (size / 2) + (x >> 1)) * 3 + c]!;
        px[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + gx * x + gy * y + 20 * c + noise)));
      }
    }
  }
  await sharp(px, { raw: { width: size, height: size, channels: 3 } }).png().toFile(file);
}

const N_PER_CLASS = 6;

describe('the library over the real fingerprint engine and model pack', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir('cp-pack-engine-'));
  });
  afterAll(() => cleanup());

  it('separates two synthetic traces on the same kind of content', async () => {
    const engine = await openPackLibraryEngine();
    expect(engine.packVersion).toMatch(/^[^/]+\/[a-z+-]+\/gaussian-denoiser\/nets-[0-9a-f]{12}$/);
    const refs: EnrolledFingerprint[] = [];
    for (const kind of ['fine', 'grid'] as const) {
      for (let i = 0; i < N_PER_CLASS; i++) {
        const file = join(dir, `${kind}-${i}.png`);
        await render(file, kind, 100 * i + (kind === 'fine' ? 1 : 2));
        refs.push({ generatorKey: kind, isReal: false, contentId: null, fingerprint: await engine.fingerprintFile(file) });
      }
    }
    expect(Object.keys(refs[0]!.fingerprint.variants ?? {}).length).toBeGreaterThan(0);
    const validation = await validateLibrary(engine, refs, 3);
    expect(validation.confusion[0]![1]).toBe(0);
    expect(validation.confusion[1]![0]).toBe(0);
    const fitted = await engine.fit(refs);
    // The fit is deterministic: the same references give the same model, byte for byte.
    expect((await engine.fit(refs)).hash).toBe(fitted.hash);
    expect(engine.fitVersion).toMatch(/^[0-9a-f]{16}$/);
    const probe = join(dir, 'probe.png');
    await render(probe, 'grid', 999);
    expect(engine.attribute(fitted.model, await engine.fingerprintFile(probe)).ranked[0]!.generatorKey).toBe('grid');
  }, 300_000);

  it("returns the engine's notes on how it read a file (EXIF orientation and ICC profile ignored, flat patches skipped)", async () => {
    const engine = await openPackLibraryEngine();
    const plain = join(dir, 'plain.png');
    await render(plain, 'fine', 7);
    expect((await engine.fingerprintFile(plain)).notes).toEqual([]);
    // The right half flat: 2 of the 4 64×64 grid patches carry no texture.
    const { data, info } = await sharp(plain).raw().toBuffer({ resolveWithObject: true });
    for (let y = 0; y < info.height; y++) data.fill(128, (y * info.width + info.width / 2) * 3, (y + 1) * info.width * 3);
    const rotated = join(dir, 'rotated.jpg');
    // withMetadata also embeds sharp's sRGB profile, which analysis does not apply either.
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(rotated);
    const fingerprint = await engine.fingerprintFile(rotated);
    expect(fingerprint.notes).toEqual([
      'EXIF orientation 6 ignored: analysed at the stored pixel grid.',
      'Embedded ICC profile not applied: analysed on the stored values.',
      '2 of 4 grid patches skipped as flat or clipped.',
    ]);
  }, 300_000);

  it('names the reconstruction sampler in the fingerprint version when the residual is the reconstructor\'s', async () => {
    const oneStep = await openPackLibraryEngine({ residual: 'reconstructor' });
    const ddim = await openPackLibraryEngine({ residual: 'reconstructor', reconstruction: { kind: 'ddim', tStar: 50, steps: 1 } });
    expect(oneStep.packVersion).toContain('/reconstructor:reconstructor (one-step t=20)/nets-');
    expect(ddim.packVersion).toContain('/reconstructor:reconstructor (ddim 1+1 t*=50)/nets-');
  });

  it('refuses a pack whose files do not match the manifest', async () => {
    const copy = join(dir, 'pack');
    cpSync(resolveResourcePath(DEFAULT_PACK), copy, { recursive: true });
    const onnx = join(copy, 'sl-mobilenetv2.onnx');
    chmodSync(onnx, 0o644);
    writeFileSync(onnx, Buffer.from('tampered'), { flag: 'a' });
        await expect(openPackLibraryEngine({ packDir: copy })).rejects.toThrow(/refused: sl-mobilenetv2\.onnx has SHA-256/);
  });
});
