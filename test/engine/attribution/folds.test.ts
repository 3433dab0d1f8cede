import { describe, expect, it } from 'vitest';
import { fewShotSplits, groupedKFold, leaveOneGroupOut, stratifiedKFold } from '../../../electron/engine/attribution/folds.js';

const labels = [...Array(12).fill('a'), ...Array(8).fill('b'), ...Array(5).fill('c')] as string[];

describe('folds', () => {
  it('stratified K-fold covers every item exactly once as test and keeps classes balanced', () => {
    const splits = stratifiedKFold(labels, 4, 7);
    const tested = splits.flatMap((s) => s.test).sort((x, y) => x - y);
    expect(tested).toEqual(labels.map((_, i) => i));
    for (const s of splits) {
      expect(new Set([...s.train, ...s.test]).size).toBe(labels.length);
      expect(s.test.filter((i) => labels[i] === 'a')).toHaveLength(3);
    }
    expect(stratifiedKFold(labels, 4, 7)).toEqual(splits);
  });

  it('grouped K-fold never puts one group on both sides', () => {
    const groups = labels.map((_, i) => `g${i % 7}`);
    for (const s of groupedKFold(groups, 3)) {
      const trainGroups = new Set(s.train.map((i) => groups[i]));
      expect(s.test.some((i) => trainGroups.has(groups[i]))).toBe(false);
      expect(s.test.length).toBeGreaterThan(0);
    }
  });

  it('leave-one-group-out holds out exactly one group each', () => {
    const groups = ['x', 'y', 'x', 'z', 'y'];
    const splits = leaveOneGroupOut(groups);
    expect(splits.map((s) => s.name)).toEqual(['x', 'y', 'z']);
    expect(splits[0]!.test).toEqual([0, 2]);
    expect(splits[0]!.train).toEqual([1, 3, 4]);
  });

  it('few-shot enrols k per class (at most size − 1) and tests the rest', () => {
    const splits = fewShotSplits(labels, 5, 3, 1);
    expect(splits).toHaveLength(3);
    for (const s of splits) {
      const count = (l: string) => s.train.filter((i) => labels[i] === l).length;
      expect([count('a'), count('b'), count('c')]).toEqual([5, 5, 4]);
      expect(s.train.length + s.test.length).toBe(labels.length);
      expect(s.test.some((i) => s.train.includes(i))).toBe(false);
    }
    expect(splits[0]!.train).not.toEqual(splits[1]!.train);
  });
});
