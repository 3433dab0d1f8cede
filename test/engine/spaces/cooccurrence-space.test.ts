import { describe, expect, it } from 'vitest';
import { createCooccurrenceSpace } from '../../../electron/engine/spaces/cooccurrence-space.js';
import type { SpaceInput } from '../../../electron/engine/spaces/embedding-space.js';

function input(size: number, value: (x: number, y: number, c: number) => number): SpaceInput {
  const p = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) p[(y * size + x) * 3 + c] = value(x, y, c);
  return { size, pixels: p, reconstruction: p, residual: new Float32Array(p.length) };
}

const BINS = 125;
const ZERO_TRIPLE = (2 * 5 + 2) * 5 + 2;

describe('co-occurrence space', () => {
  it('is deterministic and normalised (Hellinger: squares of each histogram sum to 1)', async () => {
    const space = createCooccurrenceSpace();
    const patch = input(64, (x, y, c) => (x * 31 + y * 17 + c * 7 + ((x * y) % 13)) % 256);
    const [a] = await space.embed([patch]);
    const [b] = await space.embed([patch]);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(a!.length).toBe(space.dim);
    for (let h = 0; h < space.dim / BINS; h++) {
      const sumSq = Array.from(a!.slice(h * BINS, (h + 1) * BINS)).reduce((s, v) => s + v * v, 0);
      expect(sumSq).toBeCloseTo(1, 5);
    }
  });

  it('puts a flat patch entirely in the all-zero residual triple', async () => {
    const [v] = await createCooccurrenceSpace().embed([input(64, () => 90)]);
    for (let h = 0; h < v!.length / BINS; h++) expect(v![h * BINS + ZERO_TRIPLE]).toBeCloseTo(1, 6);
  });

  it('sees a one-level horizontal ramp as first-order residual +1 along rows', async () => {
    const [v] = await createCooccurrenceSpace().embed([input(64, (x) => x)]);
    // Red channel, first-order kernel histogram (rows and columns together): rows give (+1,+1,+1), columns (0,0,0).
    const ones = (3 * 5 + 3) * 5 + 3;
    expect(v![ones]! ** 2 + v![ZERO_TRIPLE]! ** 2).toBeCloseTo(1, 6);
    expect(v![ones]!).toBeGreaterThan(0.5);
  });

  it('distinguishes a 2-pixel checkerboard trace from noise-free content', async () => {
    const space = createCooccurrenceSpace();
    const [clean, traced] = await space.embed([input(64, (x) => 100 + x), input(64, (x, y) => 100 + x + ((x + y) % 2 ? 2 : -2))]);
    let diff = 0;
    for (let i = 0; i < clean!.length; i++) diff += Math.abs(clean![i]! - traced![i]!);
    expect(diff).toBeGreaterThan(1);
  });

  it('pools patches by their counts: the image vector is the Hellinger histogram of the summed counts', async () => {
    const space = createCooccurrenceSpace();
    const flat = input(64, () => 90);
    const ramp = input(64, (x) => x);
    const [f, r] = await space.embed([flat, ramp]);
    const pooled = space.pool!([f!, r!]);
    // Half the counts in each patch's bins: sqrt of the mean of the squared per-patch values.
    for (let j = 0; j < BINS; j++) expect(pooled[j]!).toBeCloseTo(Math.sqrt((f![j]! ** 2 + r![j]! ** 2) / 2), 6);
    for (let h = 0; h < space.dim / BINS; h++) {
      expect(Array.from(pooled.slice(h * BINS, (h + 1) * BINS)).reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 5);
    }
    // Not the mean of the per-patch vectors (the earlier pooling).
    expect(pooled[ZERO_TRIPLE]!).toBeGreaterThan((f![ZERO_TRIPLE]! + r![ZERO_TRIPLE]!) / 2 + 1e-3);
  });
});
