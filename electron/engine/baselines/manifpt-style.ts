/**
 * ManiFPT-style (Song et al. 2024, "ManiFPT: Defining and Analyzing Fingerprints of Generative
 * Models"): a generator's fingerprint is how its images deviate from the manifold of real
 * images. Without a learned manifold, the manifold near an image is approximated by its k
 * nearest real references: per space (downsampled RGB, grey log-spectrum, MobileNetV2 features)
 * the fingerprint is φ(x) − mean of the k nearest real φ, plus the distance itself; the
 * concatenated fingerprints go to the shared logistic-regression head.
 * Real references are the training images labelled `realLabel`; when there are too few, the
 * whole training set stands in for the manifold (and the label of the fitted method says so
 * only through this comment — the benchmark prints the method label, so keep realLabel right).
 */
import { CausalPrintError } from '../../contract/errors.js';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { fitLinearHead } from '../attribution/classifier/linear-head.js';
import { fitStandardiser, standardise, type Standardiser } from '../attribution/classifier/standardiser.js';
import type { AttributionMethod, FittedAttributor } from '../attribution/method.js';
import { concatFeatures, memoiseFeature } from './feature-cache.js';
import { throwIfAborted } from './feature-classifier-method.js';
import { MobileNetFeatures } from './features/mobilenet-features.js';
import { centreCrop, centrePowerOfTwoCrop, greyPlane } from './features/planes.js';
import { pooledSpectrumFeature } from './features/spectrum.js';
import { ANALYSIS_SIDE } from './frank2020.js';

export interface ManifptOptions {
  realLabel?: string;
  neighbours?: number;
  /** Path to sl-mobilenetv2.onnx; the SL space is left out when absent. */
  slModelPath?: string;
}

/** Area-average of the central crop onto a 16×16 RGB grid. */
export function downsampledRgb(image: AnalysisImage, grid = 16): Float64Array {
  const crop = centreCrop(image, ANALYSIS_SIDE);
  const out = new Float64Array(grid * grid * 3);
  const count = new Float64Array(grid * grid);
  for (let y = 0; y < crop.height; y++) {
    const gy = Math.floor((y * grid) / crop.height);
    for (let x = 0; x < crop.width; x++) {
      const cell = gy * grid + Math.floor((x * grid) / crop.width);
      for (let c = 0; c < 3; c++) out[cell * 3 + c]! += crop.data[(y * crop.width + x) * 3 + c]!;
      count[cell]! += 1;
    }
  }
  for (let i = 0; i < out.length; i++) out[i]! /= Math.max(1, count[Math.floor(i / 3)]!);
  return out;
}

export function greySpectrum(image: AnalysisImage): Float64Array {
  return pooledSpectrumFeature(greyPlane(centrePowerOfTwoCrop(image, ANALYSIS_SIDE)));
}

interface SpaceManifold {
  standardiser: Standardiser;
  references: Float64Array[];
  referenceIds: string[];
}

function distance2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

/** φ(x) − mean of its k nearest references (excluding the item itself), then the mean distance. */
function deviationFromManifold(manifold: SpaceManifold, raw: Float64Array, k: number, selfId?: string): Float64Array {
  const z = standardise(manifold.standardiser, raw);
  const ranked = manifold.references
    .map((r, i) => ({ r, id: manifold.referenceIds[i], d: distance2(z, r) }))
    .filter((e) => e.id !== selfId)
    .sort((a, b) => a.d - b.d)
    .slice(0, k);
  const out = new Float64Array(z.length + 1);
  for (const { r } of ranked) for (let i = 0; i < z.length; i++) out[i]! += r[i]! / ranked.length;
  for (let i = 0; i < z.length; i++) out[i] = z[i]! - out[i]!;
  out[z.length] = Math.sqrt(ranked.reduce((s, e) => s + e.d, 0) / ranked.length / z.length);
  return out;
}

export function createManifptStyleMethod(opts: ManifptOptions = {}): AttributionMethod {
  const realLabel = opts.realLabel ?? 'real';
  const k = opts.neighbours ?? 5;
  const mobilenet = opts.slModelPath && MobileNetFeatures.available(opts.slModelPath) ? new MobileNetFeatures(opts.slModelPath) : null;
  const spaces = [memoiseFeature(downsampledRgb), memoiseFeature(greySpectrum)];
  if (mobilenet) spaces.push(memoiseFeature((image) => mobilenet.run(image)));
  const spaceNames = ['RGB', 'FFT', ...(mobilenet ? ['SL'] : [])].join('/');
  return {
    id: 'manifpt-style',
    label: `ManiFPT-style (deviation from the ${k} nearest real images in ${spaceNames} + logistic regression)`,
    async fit(train, fitOpts): Promise<FittedAttributor> {
      if (new Set(train.map((t) => t.label)).size < 2) throw new CausalPrintError('VALIDATION', 'ManiFPT-style needs references of at least two generators.');
      const perSpace: Float64Array[][] = [];
      for (const extract of spaces) {
        const rows: Float64Array[] = [];
        for (const item of train) {
          throwIfAborted(fitOpts?.signal);
          rows.push(await extract(item.image));
        }
        perSpace.push(rows);
      }
      const realIdx = train.flatMap((t, i) => (t.label === realLabel ? [i] : []));
      const refIdx = realIdx.length > k ? realIdx : train.map((_, i) => i);
      const manifolds: SpaceManifold[] = perSpace.map((rows) => {
        const standardiser = fitStandardiser(rows);
        return { standardiser, references: refIdx.map((i) => standardise(standardiser, rows[i]!)), referenceIds: refIdx.map((i) => train[i]!.id) };
      });
      const fingerprint = async (image: AnalysisImage, selfId?: string): Promise<Float64Array> => {
        const blocks: Float64Array[] = [];
        for (let s = 0; s < spaces.length; s++) blocks.push(deviationFromManifold(manifolds[s]!, await spaces[s]!(image), k, selfId));
        return concatFeatures(blocks);
      };
      const rows: Float64Array[] = [];
      for (const item of train) rows.push(await fingerprint(item.image, item.id));
      const head = fitLinearHead(rows, train.map((t) => t.label));
      return {
        predict: async (image) => head.predict(await fingerprint(image)),
        embed: async (image) => head.embed(await fingerprint(image)),
      };
    },
  };
}
