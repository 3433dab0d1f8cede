/**
 * The classifier every feature baseline shares: z-score the features (fitted on training
 * rows only), multinomial logistic regression with L2, and an open-set score.
 */
import type { Prediction } from '../method.js';
import { fitLogisticRegression, logits, softmax, type LogisticModel } from './logistic-regression.js';
import { fitStandardiser, standardise, type Standardiser } from './standardiser.js';

/**
 * How "unknown" is scored: 'max-prob' = 1 − max softmax probability (Hendrycks & Gimpel
 * 2017); 'energy' = −logsumexp(logits) (Liu et al. 2020), which keeps the logit magnitude
 * that the softmax normalises away.
 */
export type OpenSetScore = 'max-prob' | 'energy';

export interface LinearHeadOptions {
  l2?: number;
  maxIterations?: number;
  openSet?: OpenSetScore;
}

export interface LinearHead {
  classes: string[];
  standardiser: Standardiser;
  model: LogisticModel;
  predict(features: ArrayLike<number>): Prediction;
  /** The standardised feature vector the classifier sees. */
  embed(features: ArrayLike<number>): Float32Array;
}

export function fitLinearHead(rows: readonly ArrayLike<number>[], labels: readonly string[], opts: LinearHeadOptions = {}): LinearHead {
  const standardiser = fitStandardiser(rows);
  const z = rows.map((r) => standardise(standardiser, r));
  const model = fitLogisticRegression(z, labels, { l2: opts.l2 ?? 1e-2, maxIterations: opts.maxIterations ?? 100 });
  const openSet = opts.openSet ?? 'max-prob';
  return {
    classes: model.classes,
    standardiser,
    model,
    predict(features) {
      const raw = logits(model, standardise(standardiser, features));
      let max = -Infinity;
      for (const v of raw) if (v > max) max = v;
      let sum = 0;
      for (const v of raw) sum += Math.exp(v - max);
      const energy = -(max + Math.log(sum));
      const probs = softmax(Float64Array.from(raw));
      const scores: Record<string, number> = {};
      let best = 0;
      model.classes.forEach((c, i) => {
        scores[c] = probs[i]!;
        if (probs[i]! > probs[best]!) best = i;
      });
      return {
        label: model.classes[best]!,
        scores,
        unknownScore: openSet === 'energy' ? energy : 1 - probs[best]!,
      };
    },
    embed(features) {
      return Float32Array.from(standardise(standardiser, features));
    },
  };
}
