import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalysisImage, LabeledImage } from '../../../electron/engine/attribution/method.js';
import { createCausalMethod, openFingerprintEngine } from '../../../electron/engine/fingerprint/index.js';
import { rng } from './synthetic-data.js';

const PACK = 'native-models/packs/causalprint-base-v1';
const hasSl = existsSync(`${PACK}/sl-mobilenetv2.onnx`);
/** With a reconstructor in the pack, residual "auto" gives the reconstruction residual (default sampler named); the default is the denoiser's. */
const expectedResidual = existsSync(`${PACK}/reconstructor.onnx`) ? 'reconstructor:reconstructor (one-step t=20)' : 'gaussian-denoiser';
if (!hasSl) console.warn('sl-mobilenetv2.onnx absent: the SL-space test is skipped.');

/** Smooth random content plus a generator-specific pixel-level trace. */
function render(seed: number, trace: 'checker' | 'stripes' | 'none', size = 128): AnalysisImage {
  const random = rng(seed);
  const waves = Array.from({ length: 6 }, () => [random() * 0.2, random() * 0.2, random() * 6, 20 + random() * 40]);
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let v = 128;
      for (const [fx, fy, phase, amp] of waves) v += (amp! / 3) * Math.sin(fx! * x + fy! * y + phase!);
      const t = trace === 'checker' ? ((x + y) % 2 ? 3 : -3) : trace === 'stripes' ? (x % 4 < 2 ? 3 : -3) : 0;
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = Math.round(Math.max(0, Math.min(255, v + t + (random() - 0.5) * 4 + c * 5)));
    }
  }
  return { width: size, height: size, channels: 3, data, bitDepth: 8, notes: [] };
}

describe('causal-fingerprint engine and method', () => {
  it('fingerprints deterministically, per patch, with timings by stage', async () => {
    const engine = await openFingerprintEngine({ packDir: PACK, spaces: ['cooccurrence', 'fourier'], maxPatches: 3, residual: 'auto' });
    const image = render(1, 'checker', 192);
    const a = await engine.fingerprint(image);
    const b = await engine.fingerprint(image);
    expect(a.perPatch).toHaveLength(3);
    expect(a.perPatch.map((p) => p.box)).toEqual(b.perPatch.map((p) => p.box));
    for (const s of ['cooccurrence', 'fourier']) expect(Array.from(a.spaces[s]!)).toEqual(Array.from(b.spaces[s]!));
    expect(Object.keys(a.timingsMs)).toEqual(expect.arrayContaining(['patches', 'residual', 'cooccurrence', 'fourier']));
    expect(a.residualSource).toBe(expectedResidual);
    await engine.dispose();
  });

  it.skipIf(!existsSync(`${PACK}/reconstructor.onnx`))('names the reconstruction sampler in the residual source', async () => {
    const ddim = await openFingerprintEngine({ packDir: PACK, spaces: ['fourier'], residual: 'reconstructor', reconstruction: { kind: 'ddim', tStar: 50, steps: 1 } });
    const fragment = await openFingerprintEngine({ packDir: PACK, spaces: ['fourier'], residual: 'reconstructor', reconstruction: { kind: 'fragment' } });
    expect(ddim.residualSource).toBe('reconstructor:reconstructor (ddim 1+1 t*=50)');
    expect(fragment.residualSource).toMatch(/^reconstructor:reconstructor \(ddim \d+\+\d+ t\*=\d+\)$/);
    expect((await ddim.fingerprint(render(3, 'checker', 128), { maxPatches: 1 })).residualSource).toBe(ddim.residualSource);
    await ddim.dispose();
    await fragment.dispose();
  });

  it('fits, attributes held-out images and repeats the same numbers', async () => {
    const engine = await openFingerprintEngine({ packDir: PACK, spaces: ['cooccurrence', 'fourier'], maxPatches: 4 });
    const traces = ['checker', 'stripes', 'none'] as const;
    const train: LabeledImage[] = traces.flatMap((t, g) =>
      Array.from({ length: 8 }, (_, i) => ({ id: `${t}-${i}`, label: t, image: render(100 * g + i, t) })),
    );
    const method = createCausalMethod(engine, { variants: ['jpeg-90'] });
    const fitted = await method.fit(train);
    let correct = 0;
    for (const [g, t] of traces.entries()) {
      for (let i = 0; i < 3; i++) {
        const p = await fitted.predict(render(100 * g + 50 + i, t));
        if (p.label === t) correct++;
        expect(Object.values(p.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      }
    }
    expect(correct).toBeGreaterThanOrEqual(8);
    const probe = render(999, 'stripes');
    expect(await fitted.predict(probe)).toEqual(await fitted.predict(probe));
    const again = await method.fit(train);
    expect(await again.predict(probe)).toEqual(await fitted.predict(probe));
    expect(Array.from((await fitted.embed!(probe)).slice(0, 5))).toEqual(Array.from((await again.embed!(probe)).slice(0, 5)));
    await engine.dispose();
  }, 240_000);

  it.skipIf(!hasSl)('computes the SL residual space with the pack MobileNetV2', async () => {
    const engine = await openFingerprintEngine({ packDir: PACK, spaces: ['sl-residual'], maxPatches: 2 });
    const fp = await engine.fingerprint(render(3, 'checker'));
    expect(fp.spaces['sl-residual']!.length).toBe(1280 + 48 + 64);
    expect(fp.spaces['sl-residual']!.every(Number.isFinite)).toBe(true);
    await engine.dispose();
  });
});
