import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import { samplePatches } from '../../../electron/engine/imaging/patches.js';
import { DiffusionReconstructor } from '../../../electron/engine/spaces/diffusion-reconstructor.js';
import { gaussianDenoise, subtract } from '../../../electron/engine/spaces/gaussian-residual.js';
import { engineResiduals, toInt16Nchw } from '../../../electron/engine/spaces/ssl-training-residuals.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'linear-eps.onnx');
const schedule = { T: 1000, betaStart: 1e-4, betaEnd: 0.02, timesteps: [50, 100, 150, 200] };

function texturedImage(width: number, height: number): AnalysisImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 7) * 11) % 256;
  return { width, height, channels: 3, data, bitDepth: 8, notes: [] };
}

describe('SSL training residuals', () => {
  it('packs HWC residuals as int16 NCHW, rounded and clamped', () => {
    const size = 2;
    const r = Float32Array.from([0.5, -1, 2, 1000, 0, 0, 0.01, 0.02, -0.03, 1, 2, 3]); // 4 pixels × RGB
    const packed = toInt16Nchw([r], size, 64);
    expect(Array.from(packed.slice(0, 4))).toEqual([32, 32767, 1, 64]); // R plane
    expect(Array.from(packed.slice(4, 8))).toEqual([-64, 0, 1, 128]); // G plane
    expect(Array.from(packed.slice(8, 12))).toEqual([128, 0, -2, 192]); // B plane
  });

  it('gives the engine sampler patches and the Gaussian denoiser residual', async () => {
    const image = texturedImage(160, 130);
    const result = await engineResiduals(image, { patchSize: 64, maxPatches: 16, sources: ['denoiser'], reconstructor: null });
    const expected = samplePatches(image, { size: 64, maxPatches: 16 }).patches;
    expect(result.boxes).toEqual(expected.map((p) => p.box));
    expect(result.residuals.denoiser).toHaveLength(4);
    expect(result.residuals.reconstructor).toBeUndefined();
    expect(Array.from(result.residuals.denoiser![3]!)).toEqual(Array.from(subtract(expected[3]!.data, gaussianDenoise(expected[3]!.data, 64))));
  });

  it('gives the diffusion reconstruction residual of all patches in one batch', async () => {
    const image = texturedImage(128, 64);
    const reconstructor = new DiffusionReconstructor('linear', FIXTURE, schedule);
    const result = await engineResiduals(image, { patchSize: 64, maxPatches: 16, sources: ['reconstructor', 'denoiser'], reconstructor });
    const patches = samplePatches(image, { size: 64, maxPatches: 16 }).patches;
    const x = await reconstructor.reconstruct([patches[1]!.data], 64);
    const expected = subtract(patches[1]!.data, x[0]!);
    const got = result.residuals.reconstructor![1]!;
    for (let i = 0; i < got.length; i += 97) expect(got[i]).toBeCloseTo(expected[i]!, 3);
    expect(result.residuals.denoiser).toHaveLength(2);
    await reconstructor.dispose();
  });

  it('refuses the reconstructor residual without a reconstructor', async () => {
    await expect(engineResiduals(texturedImage(64, 64), { patchSize: 64, maxPatches: 4, sources: ['reconstructor'], reconstructor: null })).rejects.toThrow(/no reconstructor/);
  });
});
