import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureU8 } from '../../../electron/engine/models/fixture-input.js';
import {
  alphasCumprod,
  DEFAULT_RECONSTRUCTION_SAMPLER,
  describeSampler,
  DiffusionReconstructor,
  findReconstructor,
  networkCalls,
  type DiffusionSchedule,
} from '../../../electron/engine/spaces/diffusion-reconstructor.js';
import { ddimTimesteps } from '../../../electron/engine/zoo/ddim.js';

// A stand-in eps model with a known closed form (eps = 0.5 · x_t, built by onnx.helper) checks the DDIM arithmetic.
const FIXTURE = join(import.meta.dirname, 'fixtures', 'linear-eps.onnx');
const K = 0.5;
const schedule: DiffusionSchedule = { T: 1000, betaStart: 1e-4, betaEnd: 0.02, timesteps: [50, 100, 150, 200] };
const abar = alphasCumprod(schedule);
const a = (t: number) => (t < 0 ? 1 : abar[t]!);
const patch = (size: number) => Float32Array.from({ length: size * size * 3 }, (_, i) => (i * 29) % 256);

/** With eps = k·x every DDIM move is linear: x' = x · (√ā_to (1 − k√(1−ā_from)) / √ā_from + k√(1−ā_to)). */
function ddimGain(timesteps: number[]): number {
  const factor = (from: number, to: number) => (Math.sqrt(a(to)) * (1 - K * Math.sqrt(1 - a(from)))) / Math.sqrt(a(from)) + K * Math.sqrt(1 - a(to));
  const path = [-1, ...timesteps, ...[...timesteps].reverse().slice(1), -1];
  let gain = 1;
  for (let i = 0; i + 1 < path.length; i++) gain *= factor(path[i]!, path[i + 1]!);
  return gain;
}

async function expectGain(s: DiffusionSchedule, gain: number): Promise<void> {
  const r = new DiffusionReconstructor('linear', FIXTURE, s);
  const x = patch(4);
  const [out] = await r.reconstruct([x, x], 4);
  for (let i = 0; i < x.length; i++) expect(out![i]).toBeCloseTo((x[i]! / 127.5 - 1) * gain * 127.5 + 127.5, 2);
  await r.dispose();
}

describe('DDIM reconstruction', () => {
  it('computes the linear-β ᾱ schedule', () => {
    expect(abar[0]).toBeCloseTo(1 - 1e-4, 12);
    expect(abar[1]).toBeCloseTo((1 - 1e-4) * (1 - (1e-4 + (0.02 - 1e-4) / 999)), 12);
    expect(abar[999]).toBeLessThan(1e-4);
  });

  it('runs inversion to t* and back with the documented moves (fragment sampler, 4+4)', async () => {
    await expectGain(schedule, ddimGain([50, 100, 150, 200]));
  });

  it('runs the one-step DIRE shortcut (1 inversion + 1 denoising move)', async () => {
    const gain = ddimGain([50]);
    // closed form of the two moves: x̂ = x0 + √((1−ā)/ā)·(ε(x0, 0) − ε(x_t*, t*))
    const xt = Math.sqrt(a(50)) + Math.sqrt(1 - a(50)) * K;
    expect(gain).toBeCloseTo(1 + Math.sqrt((1 - a(50)) / a(50)) * (K - K * xt), 10);
    await expectGain({ ...schedule, timesteps: [50], sampler: 'ddim' }, gain);
  });

  it('runs the one-step noise estimate X̂ = x − √(1−ā_t)·ε(x, t)', async () => {
    await expectGain({ ...schedule, timesteps: [20], sampler: 'one-step' }, 1 - Math.sqrt(1 - a(20)) * K);
  });

  it('refuses timesteps outside the schedule or not ascending', () => {
    expect(() => new DiffusionReconstructor('x', FIXTURE, { ...schedule, timesteps: [100, 50] })).toThrow(RangeError);
    expect(() => new DiffusionReconstructor('x', FIXTURE, { ...schedule, timesteps: [1000] })).toThrow(RangeError);
    expect(() => new DiffusionReconstructor('x', FIXTURE, { ...schedule, timesteps: [] })).toThrow(RangeError);
  });

  it('finds a reconstructor only when its fragment gives a schedule and the file exists; the sampler is the engine choice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-pack-'));
    expect(findReconstructor(dir)).toBeNull();
    writeFileSync(join(dir, 'trained-reconstructor.json'), JSON.stringify([{ id: 'rec', file: 'reconstructor.onnx', role: 'reconstructor', schedule: { T: 1000, betaStart: 1e-4, betaEnd: 0.02, tStar: 200, steps: 4 } }]));
    expect(findReconstructor(dir)).toBeNull();
    copyFileSync(FIXTURE, join(dir, 'reconstructor.onnx'));
    expect(findReconstructor(dir, { kind: 'fragment' })?.schedule.timesteps).toEqual([50, 100, 150, 200]);
    const byDefault = findReconstructor(dir)!.schedule;
    expect(byDefault.betaEnd).toBe(0.02);
    const d = DEFAULT_RECONSTRUCTION_SAMPLER;
    expect(byDefault.timesteps).toEqual(d.kind === 'ddim' ? ddimTimesteps(d.tStar, d.steps) : d.kind === 'one-step' ? [d.t] : [50, 100, 150, 200]);
    const one = findReconstructor(dir, { kind: 'one-step', t: 20 })!.schedule;
    expect([describeSampler(one), networkCalls(one)]).toEqual(['one-step t=20', 1]);
    const ddim = findReconstructor(dir, { kind: 'ddim', tStar: 100, steps: 2 })!.schedule;
    expect([ddim.timesteps, describeSampler(ddim), networkCalls(ddim)]).toEqual([[50, 100], 'ddim 2+2 t*=100', 4]);
  });
});

// The pack's trained reconstructor with the fragment's sampler must reproduce the DDIM
// reconstruction recorded in its fixture (deterministic output of the real network).
const PACK = join(import.meta.dirname, '../../../native-models/packs/causalprint-base-v1');
const hasPack = existsSync(join(PACK, 'reconstructor.onnx')) && existsSync(join(PACK, 'reconstructor.fixture.json'));
if (!hasPack) console.info('diffusion-reconstructor: the pack has no reconstructor.onnx + fixture; the recorded-output check is skipped.');

describe('pack reconstructor', () => {
  it.skipIf(!hasPack)('reproduces the recorded x̂ of the fixture image with the fragment sampler', async () => {
    const found = findReconstructor(PACK, { kind: 'fragment' })!;
    const record = (JSON.parse(readFileSync(join(PACK, 'reconstructor.fixture.json'), 'utf8')) as {
      ddimReconstruction: { timesteps: number[]; tolerance: { maxAbsDiff: number }; outputs: { name: string; slices: { start: number; values: number[] }[] }[] };
    }).ddimReconstruction;
    expect(found.schedule.timesteps).toEqual(record.timesteps);
    const size = 32;
    const x0 = new Float32Array(size * size * 3);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) x0[(y * size + x) * 3 + c] = fixtureU8(x, y, c);
    const r = new DiffusionReconstructor(found.id, found.path, found.schedule);
    const [xHat] = await r.reconstruct([x0], size);
    await r.dispose();
    const recorded = record.outputs.find((o) => o.name === 'x_hat')!;
    let worst = 0;
    for (const slice of recorded.slices) {
      slice.values.forEach((v, k) => {
        const nchw = slice.start + k;
        const c = Math.floor(nchw / (size * size));
        const i = nchw % (size * size);
        worst = Math.max(worst, Math.abs(xHat![3 * i + c]! / 127.5 - 1 - v));
      });
    }
    console.info(`diffusion-reconstructor: max |x̂ − recorded| ${worst.toExponential(2)} (tolerance ${record.tolerance.maxAbsDiff})`);
    expect(worst).toBeLessThanOrEqual(record.tolerance.maxAbsDiff);
  });
});
