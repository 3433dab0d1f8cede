import { mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alphasCumprod, DiffusionReconstructor, findReconstructor } from '../../../electron/engine/spaces/diffusion-reconstructor.js';

// A stand-in eps model with a known closed form (eps = 0.5 · x_t, built by onnx.helper) checks the DDIM arithmetic.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'linear-eps.onnx');
const schedule = { T: 1000, betaStart: 1e-4, betaEnd: 0.02, timesteps: [50, 100, 150, 200] };

describe('DDIM reconstruction', () => {
  it('computes the linear-β ᾱ schedule', () => {
    const a = alphasCumprod(schedule);
    expect(a[0]).toBeCloseTo(1 - 1e-4, 12);
    expect(a[1]).toBeCloseTo((1 - 1e-4) * (1 - (1e-4 + (0.02 - 1e-4) / 999)), 12);
    expect(a[999]).toBeLessThan(1e-4);
  });

  it('runs inversion to t* and back with the documented moves', async () => {
    const r = new DiffusionReconstructor('linear', FIXTURE, schedule);
    const size = 4;
    const patch = Float32Array.from({ length: size * size * 3 }, (_, i) => (i * 29) % 256);
    const [out] = await r.reconstruct([patch], size);
    // With eps = k·x every move is linear: x' = x · (√ā_to (1 − k√(1−ā_from)) / √ā_from + k√(1−ā_to)).
    const abar = alphasCumprod(schedule);
    const a = (t: number) => (t < 0 ? 1 : abar[t]!);
    const factor = (from: number, to: number) => (Math.sqrt(a(to)) * (1 - 0.5 * Math.sqrt(1 - a(from)))) / Math.sqrt(a(from)) + 0.5 * Math.sqrt(1 - a(to));
    const path = [-1, 50, 100, 150, 200, 150, 100, 50, -1];
    let gain = 1;
    for (let i = 0; i + 1 < path.length; i++) gain *= factor(path[i]!, path[i + 1]!);
    for (let i = 0; i < patch.length; i++) expect(out![i]).toBeCloseTo((patch[i]! / 127.5 - 1) * gain * 127.5 + 127.5, 2);
    await r.dispose();
  });

  it('finds a reconstructor only when its fragment gives a schedule and the file exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-pack-'));
    expect(findReconstructor(dir)).toBeNull();
    writeFileSync(join(dir, 'trained-reconstructor.json'), JSON.stringify([{ id: 'rec', file: 'reconstructor.onnx', role: 'reconstructor', schedule: { T: 1000, betaStart: 1e-4, betaEnd: 0.02, tStar: 200, steps: 4 } }]));
    expect(findReconstructor(dir)).toBeNull();
    copyFileSync(FIXTURE, join(dir, 'reconstructor.onnx'));
    expect(findReconstructor(dir)?.schedule.timesteps).toEqual([50, 100, 150, 200]);
  });
});
