/**
 * The one interface every attribution method (baselines and the causal-fingerprint method) implements.
 * The benchmark only sees these types (MODELS.md, "Engine TypeScript interfaces").
 */
import type { AnalysisImage } from './analysis-image.js';

export type { AnalysisImage };

export interface LabeledImage {
  id: string;
  image: AnalysisImage;
  label: string;
  source?: string;
  contentId?: string;
}

export interface Prediction {
  label: string;
  /** Higher = more likely. */
  scores: Record<string, number>;
  /** Higher = more likely unknown. */
  unknownScore: number;
}

export interface FittedAttributor {
  predict(image: AnalysisImage): Promise<Prediction>;
  embed?(image: AnalysisImage): Promise<Float32Array>;
}

export interface AttributionMethod {
  id: string;
  label: string;
  fit(train: LabeledImage[], opts?: { signal?: AbortSignal }): Promise<FittedAttributor>;
}
