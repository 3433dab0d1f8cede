import type { AnalysisImage } from '../attribution/analysis-image.js';
import { samplePatches } from '../imaging/patches.js';
import type { DiffusionReconstructor } from './diffusion-reconstructor.js';
import { gaussianDenoise, subtract } from './gaussian-residual.js';

/** The residual sources the engine can feed its residual spaces (FingerprintEngineOptions.residual). */
export type ResidualSource = 'denoiser' | 'reconstructor';

export interface EngineResiduals {
  boxes: [x: number, y: number, w: number, h: number][];
  /** Per source, per patch: r = X − X̂, HWC RGB, 8-bit units (what SpaceInput.residual holds). */
  residuals: Partial<Record<ResidualSource, Float32Array[]>>;
}

/**
 * The residuals the fingerprint engine computes for an image, for training the SSL encoder on
 * exactly what it will see: the engine's patch sampler (grid at the origin, flat/clipped patches
 * skipped, K spread evenly) and, per requested source, the fixed Gaussian denoiser's residual and/or
 * the diffusion reconstructor's (all patches of the image in one batch, as the engine runs it).
 */
export async function engineResiduals(
  image: AnalysisImage,
  options: { patchSize: number; maxPatches: number; sources: readonly ResidualSource[]; reconstructor: DiffusionReconstructor | null },
): Promise<EngineResiduals> {
  const { patches } = samplePatches(image, { size: options.patchSize, maxPatches: options.maxPatches });
  const residuals: EngineResiduals['residuals'] = {};
  for (const source of options.sources) {
    let reconstructions: Float32Array[];
    if (source === 'denoiser') {
      reconstructions = patches.map((p) => gaussianDenoise(p.data, p.size));
    } else {
      if (!options.reconstructor) throw new Error('The reconstructor residual was requested but the pack has no reconstructor.');
      reconstructions = await options.reconstructor.reconstruct(
        patches.map((p) => p.data),
        options.patchSize,
      );
    }
    residuals[source] = patches.map((p, i) => subtract(p.data, reconstructions[i]!));
  }
  return { boxes: patches.map((p) => p.box), residuals };
}

/**
 * Packs HWC residual patches (8-bit units) as int16 NCHW, value = round(r × scale), clamped: a
 * compact exchange format for the Python trainer (scale 64 keeps 1/64 of an 8-bit level).
 */
export function toInt16Nchw(residuals: readonly Float32Array[], size: number, scale: number): Int16Array {
  const plane = size * size;
  const out = new Int16Array(residuals.length * 3 * plane);
  residuals.forEach((r, n) => {
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        const v = Math.round(r[3 * i + c]! * scale);
        out[(n * 3 + c) * plane + i] = Math.max(-32768, Math.min(32767, v));
      }
    }
  });
  return out;
}
