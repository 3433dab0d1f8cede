/** An AttributionMethod made of a feature extractor and the shared linear head. */
import { CausalPrintError } from '../../contract/errors.js';
import { fitLinearHead, type LinearHeadOptions } from '../attribution/classifier/linear-head.js';
import type { AttributionMethod, FittedAttributor, LabeledImage } from '../attribution/method.js';
import { memoiseFeature, type FeatureExtractor } from './feature-cache.js';

export interface FeatureClassifierSpec extends LinearHeadOptions {
  id: string;
  label: string;
  extract: FeatureExtractor;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CausalPrintError('CANCELLED', 'Fitting the attribution method was cancelled.');
}

export async function extractAll(
  train: readonly LabeledImage[],
  extract: (image: LabeledImage['image']) => Promise<Float64Array>,
  signal?: AbortSignal,
): Promise<Float64Array[]> {
  const rows: Float64Array[] = [];
  for (const item of train) {
    throwIfAborted(signal);
    rows.push(await extract(item.image));
  }
  return rows;
}

export function createFeatureClassifierMethod(spec: FeatureClassifierSpec): AttributionMethod {
  const extract = memoiseFeature(spec.extract);
  return {
    id: spec.id,
    label: spec.label,
    async fit(train, opts): Promise<FittedAttributor> {
      if (new Set(train.map((t) => t.label)).size < 2) {
        throw new CausalPrintError('VALIDATION', `${spec.label} needs references of at least two generators.`);
      }
      const rows = await extractAll(train, extract, opts?.signal);
      const head = fitLinearHead(rows, train.map((t) => t.label), spec);
      return {
        predict: async (image) => head.predict(await extract(image)),
        embed: async (image) => head.embed(await extract(image)),
      };
    },
  };
}
