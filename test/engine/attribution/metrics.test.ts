import { describe, expect, it } from 'vitest';
import { auroc } from '../../../electron/engine/attribution/metrics/auroc.js';
import { accuracy, confusionMatrix, macroF1 } from '../../../electron/engine/attribution/metrics/classification.js';
import { fisherRatio } from '../../../electron/engine/attribution/metrics/fisher-ratio.js';

describe('classification metrics', () => {
  const truth = ['a', 'a', 'a', 'b', 'b', 'c'];
  const pred = ['a', 'a', 'b', 'b', 'c', 'c'];

  it('accuracy counts exact matches', () => {
    expect(accuracy(truth, pred)).toBeCloseTo(4 / 6, 12);
  });

  it('macro-F1 averages per-class F1 (hand computed)', () => {
    // a: tp2 fp0 fn1 → 4/5; b: tp1 fp1 fn1 → 2/4; c: tp1 fp1 fn0 → 2/3
    expect(macroF1(truth, pred)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it('confusion matrix has truth rows and prediction columns', () => {
    const m = confusionMatrix(truth, pred);
    expect(m.labels).toEqual(['a', 'b', 'c']);
    expect(m.counts).toEqual([[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  });
});

describe('auroc', () => {
  it('is 1 for perfect separation and 0 for reversed', () => {
    expect(auroc([3, 4], [1, 2])).toBe(1);
    expect(auroc([1, 2], [3, 4])).toBe(0);
  });

  it('counts ties as one half (hand computed)', () => {
    // pairs: (2 vs 1) win, (2 vs 2) tie, (2 vs 3) loss, (3 vs 1) win, (3 vs 2) win, (3 vs 3) tie → (3 + 2·0.5)/6
    expect(auroc([2, 3], [1, 2, 3])).toBeCloseTo(4 / 6, 12);
  });

  it('is NaN without one of the two classes', () => {
    expect(auroc([], [1])).toBeNaN();
  });
});

describe('fisherRatio', () => {
  it('is trace(Sb)/trace(Sw) (hand computed)', () => {
    // class x: 0, 2 (mean 1); class y: 4, 6 (mean 5); grand mean 3.
    // Sb = 2·(1−3)² + 2·(5−3)² = 16; Sw = 1+1+1+1 = 4 → 4
    expect(fisherRatio([[0], [2], [4], [6]], ['x', 'x', 'y', 'y'])).toBeCloseTo(4, 12);
  });

  it('sums over dimensions', () => {
    const v = [[0, 0], [2, 0], [4, 1], [6, 1]];
    // dim 2: Sb = 2·0.25 + 2·0.25 = 1, Sw = 0 → total (16 + 1)/(4 + 0)
    expect(fisherRatio(v, ['x', 'x', 'y', 'y'])).toBeCloseTo(17 / 4, 12);
  });
});
