/**
 * Frank et al. 2020, "Leveraging Frequency Analysis for Deep Fake Image Recognition":
 * log-magnitude 2-D DCT of the grey image + a linear classifier. Here the DCT of the central
 * square crop (≤ 256 px) is average-pooled to 32×32 so that every image size gives the same
 * 1024-d vector (the paper used fixed-size inputs), then the shared logistic-regression head.
 */
import type { AttributionMethod } from '../attribution/method.js';
import { createFeatureClassifierMethod } from './feature-classifier-method.js';
import { centreCrop, greyPlane } from './features/planes.js';
import { logDct, poolSquare } from './features/spectrum.js';
import type { AnalysisImage } from '../attribution/analysis-image.js';

export const ANALYSIS_SIDE = 256;

export function frankDctFeature(image: AnalysisImage): Float64Array {
  const side = Math.min(ANALYSIS_SIDE, image.width, image.height);
  const grey = greyPlane(centreCrop(image, side));
  return poolSquare(logDct(grey), side, 32);
}

export function createFrank2020Method(): AttributionMethod {
  return createFeatureClassifierMethod({
    id: 'frank2020',
    label: 'Frank 2020 (log-DCT + logistic regression)',
    extract: frankDctFeature,
  });
}
