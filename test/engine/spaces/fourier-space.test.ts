import { describe, expect, it } from 'vitest';
import { Fft2d } from '../../../electron/engine/spaces/fft2d.js';
import { createFourierSpace } from '../../../electron/engine/spaces/fourier-space.js';
import type { SpaceInput } from '../../../electron/engine/spaces/embedding-space.js';

function input(size: number, residual: (x: number, y: number, c: number) => number): SpaceInput {
  const r = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) r[(y * size + x) * 3 + c] = residual(x, y, c);
  return { size, pixels: r, reconstruction: new Float32Array(r.length), residual: r };
}

describe('Fft2d', () => {
  it('matches a direct DFT on a random plane', () => {
    const n = 8;
    const plane = Array.from({ length: n * n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const fast = new Fft2d(n).magnitude(plane);
    for (let v = 0; v < n; v++) {
      for (let u = 0; u < n; u++) {
        let re = 0;
        let im = 0;
        for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
          const a = (-2 * Math.PI * (u * x + v * y)) / n;
          re += plane[y * n + x]! * Math.cos(a);
          im += plane[y * n + x]! * Math.sin(a);
        }
        expect(fast[v * n + u]).toBeCloseTo(Math.hypot(re, im), 9);
      }
    }
  });
});

describe('Fourier space', () => {
  it('puts a horizontal cosine of period 8 at the expected grid cell and radius', async () => {
    const space = createFourierSpace(64);
    const [v] = await space.embed([input(64, (x) => 10 * Math.cos((2 * Math.PI * 8 * x) / 64))]);
    const grid = Array.from(v!.slice(0, 256));
    // Centred spectrum: frequency u = ±8 lands in columns (32 ± 8) / 4 = 10 and 6 of row 32 / 4 = 8.
    const peak = grid.indexOf(Math.max(...grid));
    expect([8 * 16 + 6, 8 * 16 + 10]).toContain(peak);
    expect(grid[8 * 16 + 6]).toBeCloseTo(grid[8 * 16 + 10]!, 6);
    const radial = Array.from(v!.slice(256, 288));
    expect(radial.indexOf(Math.max(...radial))).toBe(Math.floor((8 / (Math.SQRT2 * 32)) * 32));
    // Equal channels: no chroma residual at all.
    expect(Math.max(...Array.from(v!.slice(288, 288 + 256)))).toBeLessThan(-6);
    expect(v!.length).toBe(space.dim);
  });

  it('separates a vertical from a horizontal pattern', async () => {
    const space = createFourierSpace(64);
    const [h, w] = await space.embed([input(64, (x) => Math.cos(Math.PI * x)), input(64, (_x, y) => Math.cos(Math.PI * y))]);
    expect(Array.from(h!)).not.toEqual(Array.from(w!));
  });
});
