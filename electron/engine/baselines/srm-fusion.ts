/**
 * The strongest simple feature found on the dev set (shared/RESEARCH.md): SRM-style residual
 * co-occurrences per channel, joint-RGB residual co-occurrence and the pooled log-spectrum of
 * a Gaussian (σ = 1) residual, concatenated, z-scored, multinomial logistic regression.
 */
import type { AnalysisImage } from '../attribution/analysis-image.js';
import type { AttributionMethod } from '../attribution/method.js';
import { concatFeatures } from './feature-cache.js';
import { createFeatureClassifierMethod } from './feature-classifier-method.js';
import { jointRgbCooccurrence, srmCooccurrence } from './features/cooccurrence.js';
import { gaussianBlur } from './features/denoisers.js';
import { centreCrop, centrePowerOfTwoCrop, channelPlanes, greyPlane, subtractPlanes } from './features/planes.js';
import { pooledSpectrumFeature } from './features/spectrum.js';
import { ANALYSIS_SIDE } from './frank2020.js';

export function gaussianResidualSpectrum(image: AnalysisImage): Float64Array {
  const grey = greyPlane(centrePowerOfTwoCrop(image, ANALYSIS_SIDE));
  return pooledSpectrumFeature(subtractPlanes(grey, gaussianBlur(grey, 1)));
}

export function srmFusionFeature(image: AnalysisImage): Float64Array {
  const planes = channelPlanes(centreCrop(image, ANALYSIS_SIDE));
  return concatFeatures([srmCooccurrence(planes), jointRgbCooccurrence(planes), gaussianResidualSpectrum(image)]);
}

export function createSrmFusionMethod(): AttributionMethod {
  return createFeatureClassifierMethod({
    id: 'srm-fusion',
    label: 'SRM co-occurrence + joint-RGB co-occurrence + Gaussian-residual spectrum (logistic regression)',
    extract: srmFusionFeature,
  });
}
