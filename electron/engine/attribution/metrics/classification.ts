/** Closed-set classification metrics over string labels. */

export interface ConfusionMatrix {
  /** Sorted union of true and predicted labels; rows = truth, columns = prediction. */
  labels: string[];
  counts: number[][];
}

export function accuracy(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length === 0) return NaN;
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hit++;
  return hit / truth.length;
}

export function confusionMatrix(truth: readonly string[], predicted: readonly string[]): ConfusionMatrix {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < truth.length; i++) counts[index.get(truth[i]!)!]![index.get(predicted[i]!)!]! += 1;
  return { labels, counts };
}

/**
 * Mean F1 over the classes present in the truth (a predicted-only label lowers the
 * precision of nobody's F1 but counts as a false positive nowhere else, as in scikit-learn
 * with labels = truth labels).
 */
export function macroF1(truth: readonly string[], predicted: readonly string[]): number {
  const classes = [...new Set(truth)];
  if (classes.length === 0) return NaN;
  let sum = 0;
  for (const c of classes) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < truth.length; i++) {
      const t = truth[i] === c, p = predicted[i] === c;
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes.length;
}
