/**
 * Marra et al. 2019, "Do GANs leave artificial fingerprints?": the noise residual of an image
 * (image minus a denoised copy) averaged over a generator's images is that generator's
 * fingerprint; an image goes to the generator whose fingerprint correlates best with its own
 * residual (normalised cross-correlation), and "unknown" when even the best correlation is low.
 * Denoiser here: Gaussian σ = 1 on the grey image (the paper used stronger denoisers; any
 * low-pass keeps the idea). Residuals are taken on the central ≤ 256² crop; a smaller image
 * is compared on the central window it covers.
 */
import { CausalPrintError } from '../../contract/errors.js';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import type { AttributionMethod, FittedAttributor, Prediction } from '../attribution/method.js';
import { throwIfAborted } from './feature-classifier-method.js';
import { gaussianBlur } from './features/denoisers.js';
import { centreCrop, greyPlane, subtractPlanes, type Plane } from './features/planes.js';
import { ANALYSIS_SIDE } from './frank2020.js';

export function noiseResidual(image: AnalysisImage): Plane {
  const grey = greyPlane(centreCrop(image, ANALYSIS_SIDE));
  return subtractPlanes(grey, gaussianBlur(grey, 1));
}

/** NCC of two planes over their common central window. */
export function centralNcc(a: Plane, b: Plane): number {
  const w = Math.min(a.width, b.width), h = Math.min(a.height, b.height);
  const ax = Math.floor((a.width - w) / 2), ay = Math.floor((a.height - h) / 2);
  const bx = Math.floor((b.width - w) / 2), by = Math.floor((b.height - h) / 2);
  let sa = 0, sb = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    sa += a.data[(ay + y) * a.width + ax + x]!;
    sb += b.data[(by + y) * b.width + bx + x]!;
  }
  const ma = sa / (w * h), mb = sb / (w * h);
  let num = 0, da = 0, db = 0;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const va = a.data[(ay + y) * a.width + ax + x]! - ma;
    const vb = b.data[(by + y) * b.width + bx + x]! - mb;
    num += va * vb; da += va * va; db += vb * vb;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/** Mean residual on a fixed side×side canvas, centre-aligned; cells no image covers stay 0. */
function meanResidual(residuals: readonly Plane[]): Plane {
  const side = Math.max(...residuals.flatMap((r) => [r.width, r.height]));
  const sum = new Float64Array(side * side);
  const count = new Float64Array(side * side);
  for (const r of residuals) {
    const ox = Math.floor((side - r.width) / 2), oy = Math.floor((side - r.height) / 2);
    for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) {
      const p = (oy + y) * side + ox + x;
      sum[p]! += r.data[y * r.width + x]!;
      count[p]! += 1;
    }
  }
  return { width: side, height: side, data: Float32Array.from(sum, (s, i) => (count[i]! > 0 ? s / count[i]! : 0)) };
}

export function createMarra2019Method(): AttributionMethod {
  // Residuals are a pure function of the image: memoised per decoded image (see feature-cache.ts).
  const cache = new WeakMap<AnalysisImage, Plane>();
  const planeOf = (image: AnalysisImage): Plane => {
    let residual = cache.get(image);
    if (!residual) cache.set(image, (residual = noiseResidual(image)));
    return residual;
  };
  return {
    id: 'marra2019',
    label: 'Marra 2019 (mean Gaussian-denoiser residual per generator + NCC)',
    async fit(train, opts): Promise<FittedAttributor> {
      const byLabel = new Map<string, Plane[]>();
      for (const item of train) {
        throwIfAborted(opts?.signal);
        (byLabel.get(item.label) ?? byLabel.set(item.label, []).get(item.label)!).push(planeOf(item.image));
      }
      if (byLabel.size < 1) throw new CausalPrintError('VALIDATION', 'Marra 2019 needs at least one reference image.');
      const labels = [...byLabel.keys()].sort();
      const fingerprints = labels.map((l) => meanResidual(byLabel.get(l)!));
      const correlations = async (image: AnalysisImage): Promise<number[]> => {
        const residual = planeOf(image);
        return fingerprints.map((f) => centralNcc(residual, f));
      };
      return {
        async predict(image): Promise<Prediction> {
          const ncc = await correlations(image);
          let best = 0;
          ncc.forEach((v, i) => { if (v > ncc[best]!) best = i; });
          return { label: labels[best]!, scores: Object.fromEntries(labels.map((l, i) => [l, ncc[i]!])), unknownScore: -ncc[best]! };
        },
        embed: async (image) => Float32Array.from(await correlations(image)),
      };
    },
  };
}
