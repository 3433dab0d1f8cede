import { describe, expect, it } from 'vitest';
import type { NetworkEntry } from '../../../electron/engine/models/network-entry-schema.js';
import type { Float32TensorData, OnnxModel } from '../../../electron/engine/models/onnx-model.js';
import { ddimMove, ddimTimesteps, linearAlphaBar, seededGaussian } from '../../../electron/engine/zoo/ddim.js';
import { SdeditGenerator } from '../../../electron/engine/zoo/sdedit-generator.js';
import type { RgbImage } from '../../../electron/engine/zoo/rgb-image.js';

const reconstructor = {
  id: 'reconstructor',
  role: 'reconstructor',
  family: 'diffusion',
  architecture: 'toy',
  sha256: 'f'.repeat(64),
  parameters: 1,
  schedule: { kind: 'linear-beta (DDPM, Ho et al. 2020)', T: 1000, betaStart: 1e-4, betaEnd: 0.02 },
} as unknown as NetworkEntry;

/** A stand-in network that predicts zero noise and records the timesteps it is asked for. */
function zeroNoiseModel(calls: number[]): OnnxModel {
  return {
    load: async () => undefined,
    dispose: async () => undefined,
    run: async (feeds: Record<string, Float32TensorData>) => {
      calls.push(feeds.t?.data[0] as number);
      return { eps: { data: new Float32Array(feeds.x_t?.data.length ?? 0), dims: feeds.x_t?.dims ?? [] } };
    },
  } as unknown as OnnxModel;
}

const flat = (v: number, side = 16): RgbImage => ({ width: side, height: side, data: new Uint8Array(side * side * 3).fill(v) });

describe('DDIM pieces', () => {
  it('linear schedule and timesteps follow the documented formulas', () => {
    const ab = linearAlphaBar(1000, 1e-4, 0.02);
    expect(ab[0]).toBeCloseTo(1 - 1e-4, 12);
    expect(ab[1]).toBeCloseTo((1 - 1e-4) * (1 - (1e-4 + 0.0199 / 999)), 12);
    expect(ab[999]).toBeGreaterThan(0);
    expect(ab[999]).toBeLessThan(1e-4);
    expect(ddimTimesteps(300, 6)).toEqual([50, 100, 150, 200, 250, 300]);
  });

  it('a move to a = 1 with the true noise returns the clean image', () => {
    const x0 = Float32Array.of(0.5, -0.25, 0.9);
    const e = Float32Array.of(1.2, -0.3, 0.05);
    const a = 0.6;
    const xt = x0.map((v, i) => Math.sqrt(a) * v + Math.sqrt(1 - a) * (e[i] as number));
    const back = ddimMove(xt, e, a, 1);
    back.forEach((v, i) => expect(v).toBeCloseTo(x0[i] as number, 5));
  });

  it('seeded noise is reproducible, seed-dependent and standard normal', () => {
    const a = seededGaussian('seed', 20000);
    expect(seededGaussian('seed', 20000)).toEqual(a);
    expect(seededGaussian('other', 4)).not.toEqual(a.subarray(0, 4));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const variance = a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('SdeditGenerator', () => {
  it('noises to tStart, denoises through the DDIM timesteps in descending order, deterministically', async () => {
    const calls: number[] = [];
    const generator = new SdeditGenerator(reconstructor, zeroNoiseModel(calls), { tStart: 300, steps: 6 });
    expect(generator.id).toBe('diffusion-sdedit-t300');
    const first = await generator.render(flat(128));
    expect(calls).toEqual([300, 250, 200, 150, 100, 50]);
    expect((await generator.render(flat(128))).data).toEqual(first.data);
    // With zero predicted noise the chain returns x_T / sqrt(a_T): the photo plus amplified seeded noise.
    const meanLevel = first.data.reduce((s, v) => s + v, 0) / first.data.length;
    expect(meanLevel).toBeGreaterThan(100);
    expect(meanLevel).toBeLessThan(156);
    expect(new Set(first.data).size).toBeGreaterThan(10);
  });

  it('refuses regions that are not multiples of 8 and schedules it cannot follow', async () => {
    const generator = new SdeditGenerator(reconstructor, zeroNoiseModel([]), { tStart: 300, steps: 6 });
    await expect(generator.render(flat(128, 12))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(() => new SdeditGenerator({ ...reconstructor, schedule: undefined } as unknown as NetworkEntry, zeroNoiseModel([]), { tStart: 300, steps: 6 })).toThrow(/schedule/);
  });
});
