/**
 * Feature extraction is the expensive part of every baseline and is a pure function of the
 * image, so it is memoised per AnalysisImage object: a benchmark that fits many folds over the
 * same decoded images extracts each feature once. A new image object (e.g. a perturbed copy)
 * is a cache miss, so timing runs on fresh objects still measure the full cost.
 */
import type { AnalysisImage } from '../attribution/analysis-image.js';

export type FeatureExtractor = (image: AnalysisImage) => Promise<Float64Array> | Float64Array;

export function memoiseFeature(extract: FeatureExtractor): (image: AnalysisImage) => Promise<Float64Array> {
  const cache = new WeakMap<AnalysisImage, Float64Array>();
  return async (image) => {
    const hit = cache.get(image);
    if (hit) return hit;
    const value = await extract(image);
    cache.set(image, value);
    return value;
  };
}

/** Concatenates feature blocks into one vector. */
export function concatFeatures(blocks: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
