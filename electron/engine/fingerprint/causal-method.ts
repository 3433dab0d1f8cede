import { CausalPrintError } from '../../contract/errors.js';
import type { AnalysisImage, AttributionMethod, FittedAttributor, LabeledImage } from '../attribution/method.js';
import type { FingerprintEngine } from './engine.js';
import type { LibraryReference } from './fingerprint-types.js';
import { attribute, embedFingerprint, fitLibraryModel, type LibraryModel, type LibraryModelOptions } from './library-model.js';
import { DEFAULT_VARIANTS, processedCopy, type ProcessingVariant } from './processing-variants.js';

export interface CausalMethodOptions {
  id?: string;
  label?: string;
  /** Processing interventions rendered from every training image at fit time (default: JPEG 90/75, resize 0.75/1.5, crop). */
  variants?: ProcessingVariant[];
  model?: LibraryModelOptions;
  maxPatches?: number;
  /** Receives the fitted model (for inspection, hashing, storing). */
  onFitted?: (model: LibraryModel) => void;
}

/** A fitted causal-fingerprint attributor, with its model exposed for reports. */
export interface CausalAttributor extends FittedAttributor {
  model: LibraryModel;
}

/**
 * The causal-fingerprint method behind the benchmark's AttributionMethod interface: fingerprints
 * every training image and its processed copies, fits the library model, then attributes by
 * calibrated distance to the enrolled generators (unknown score: distance to the nearest one).
 */
export function createCausalMethod(engine: FingerprintEngine, options: CausalMethodOptions = {}): AttributionMethod {
  const variants = options.variants ?? DEFAULT_VARIANTS;
  const fpOptions = options.maxPatches === undefined ? {} : { maxPatches: options.maxPatches };
  return {
    id: options.id ?? 'causal-fingerprint',
    label: options.label ?? `Causal fingerprint (${engine.spaceIds.join(' + ')}, ${engine.residualSource})`,
    async fit(train: LabeledImage[], fitOptions = {}): Promise<CausalAttributor> {
      const refs: LibraryReference[] = [];
      for (const item of train) {
        throwIfAborted(fitOptions.signal);
        const base = { generatorId: item.label, imageId: item.id, ...(item.contentId !== undefined ? { contentId: item.contentId } : {}) };
        refs.push({ ...base, fingerprint: await engine.fingerprint(item.image, fpOptions) });
        for (const variant of variants) {
          const processed = await processedCopy(item.image, variant);
          if (processed) refs.push({ ...base, processing: variant, fingerprint: await engine.fingerprint(processed, fpOptions) });
        }
      }
      throwIfAborted(fitOptions.signal);
      const model = await fitLibraryModel(refs, { packId: engine.packId, packVersion: engine.packVersion, ...options.model });
      options.onFitted?.(model);
      return {
        model,
        async predict(image: AnalysisImage) {
          const result = attribute(model, await engine.fingerprint(image, fpOptions));
          return {
            label: result.ranked[0]!.generatorId,
            scores: Object.fromEntries(result.ranked.map((r) => [r.generatorId, r.probability])),
            unknownScore: result.unknownScore,
          };
        },
        async embed(image: AnalysisImage) {
          return embedFingerprint(model, (await engine.fingerprint(image, fpOptions)).spaces);
        },
      };
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CausalPrintError('CANCELLED', 'Fitting the causal-fingerprint method was cancelled.');
}
