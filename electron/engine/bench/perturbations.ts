/** The robustness perturbations, applied to test images only. */
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { randomCrop, reencodeJpeg, resizeImage } from './image-io.js';

export interface Perturbation {
  id: string;
  label: string;
  apply(image: AnalysisImage, seed: number): Promise<AnalysisImage>;
}

export const PERTURBATIONS: Perturbation[] = [
  { id: 'jpeg90', label: 'JPEG q90', apply: (im) => reencodeJpeg(im, 90) },
  { id: 'jpeg75', label: 'JPEG q75', apply: (im) => reencodeJpeg(im, 75) },
  { id: 'resize0.75', label: 'resize ×0.75', apply: (im) => resizeImage(im, 0.75) },
  { id: 'resize1.5', label: 'resize ×1.5', apply: (im) => resizeImage(im, 1.5) },
  { id: 'crop', label: 'random crop 0.8', apply: async (im, seed) => randomCrop(im, 0.8, seed) },
];
