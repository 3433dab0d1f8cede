import { describe, expect, it } from 'vitest';
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import { samplePatches } from '../../../electron/engine/imaging/patches.js';

function image(width: number, height: number, value: (x: number, y: number, c: number) => number): AnalysisImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = value(x, y, c);
  return { width, height, channels: 3, data, bitDepth: 8, notes: [] };
}
const noisy = (x: number, y: number, c: number) => 60 + ((x * 7 + y * 13 + c * 5 + ((x * y) % 11)) % 90);

describe('samplePatches', () => {
  it('is deterministic and grid-aligned, capped at K and spread over the image', () => {
    const img = image(640, 384, noisy);
    const a = samplePatches(img, { size: 64, maxPatches: 8 });
    const b = samplePatches(img, { size: 64, maxPatches: 8 });
    expect(a.patches.map((p) => p.box)).toEqual(b.patches.map((p) => p.box));
    expect(a.patches).toHaveLength(8);
    for (const p of a.patches) expect(p.box[0] % 64 + p.box[1] % 64).toBe(0);
    const ys = new Set(a.patches.map((p) => p.box[1]));
    expect(ys.size).toBeGreaterThan(3);
    expect(Array.from(a.patches[0]!.data.slice(0, 3))).toEqual([0, 0, 0].map((_, c) => noisy(a.patches[0]!.box[0], a.patches[0]!.box[1], c)));
  });

  it('skips flat and clipped patches', () => {
    // Left half flat grey, right half textured: only right-half patches are used.
    const img = image(256, 128, (x, y, c) => (x < 128 ? 128 : noisy(x, y, c)));
    const s = samplePatches(img, { size: 64, maxPatches: 16 });
    expect(s.patches.length).toBe(4);
    expect(s.patches.every((p) => p.box[0] >= 128)).toBe(true);
    const clipped = image(256, 64, (x, y, c) => (x < 192 ? 255 : noisy(x, y, c)));
    expect(samplePatches(clipped, { size: 64, maxPatches: 16 }).patches.map((p) => p.box[0])).toEqual([192]);
  });

  it('falls back to the least flat patches of a flat image and says so', () => {
    const img = image(192, 64, (x) => (x >= 128 ? 100 + (x % 2) : 100));
    const s = samplePatches(img, { size: 64, maxPatches: 1 });
    expect(s.patches.map((p) => p.box[0])).toEqual([128]);
    expect(s.notes.join(' ')).toMatch(/flat/);
  });

  it('refuses an image smaller than one patch', () => {
    expect(() => samplePatches(image(63, 100, noisy), { size: 64, maxPatches: 4 })).toThrow(/smaller than one 64×64/);
  });
});
