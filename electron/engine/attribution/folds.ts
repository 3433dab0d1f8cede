/**
 * Train/test splits for cross-validation: stratified K-fold, grouped K-fold (a group never
 * appears on both sides), and few-shot enrolment (k references per class, test on the rest).
 * All deterministic given a seed. Splits are index lists into the caller's array.
 */
import { createRandom, shuffled } from './classifier/seeded-random.js';

export interface Split {
  train: number[];
  test: number[];
  /** What the split holds out, for reports (fold number, group name, ...). */
  name: string;
}

/** Each class's items are dealt round-robin over k folds after a seeded shuffle. */
export function stratifiedKFold(labels: readonly string[], k: number, seed = 1): Split[] {
  const random = createRandom(seed);
  const foldOf = new Array<number>(labels.length).fill(0);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => (byClass.get(l) ?? byClass.set(l, []).get(l)!).push(i));
  let offset = 0;
  for (const cls of [...byClass.keys()].sort()) {
    shuffled(byClass.get(cls)!, random).forEach((index, position) => (foldOf[index] = (position + offset) % k));
    offset += byClass.get(cls)!.length;
  }
  return foldsToSplits(foldOf, k, (f) => `fold ${f + 1}/${k}`);
}

/** Groups (largest first) are assigned to the currently smallest fold; no group is split. */
export function groupedKFold(groups: readonly string[], k: number): Split[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const folds = Math.min(k, sizes.size);
  const load = new Array<number>(folds).fill(0);
  const foldOfGroup = new Map<string, number>();
  for (const [g, size] of [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    const target = load.indexOf(Math.min(...load));
    foldOfGroup.set(g, target);
    load[target]! += size;
  }
  return foldsToSplits(groups.map((g) => foldOfGroup.get(g)!), folds, (f) => `group fold ${f + 1}/${folds}`);
}

/** One split per distinct group: that group is the test set, everything else trains. */
export function leaveOneGroupOut(groups: readonly string[]): Split[] {
  return [...new Set(groups)].sort().map((g) => ({
    name: g,
    train: groups.flatMap((x, i) => (x === g ? [] : [i])),
    test: groups.flatMap((x, i) => (x === g ? [i] : [])),
  }));
}

/**
 * Few-shot enrolment: per repeat, k items of each class train (at most size − 1, so every
 * class keeps a test item), the rest test.
 */
export function fewShotSplits(labels: readonly string[], k: number, repeats: number, seed = 1): Split[] {
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => (byClass.get(l) ?? byClass.set(l, []).get(l)!).push(i));
  const splits: Split[] = [];
  for (let r = 0; r < repeats; r++) {
    const random = createRandom(seed * 7919 + r);
    const train: number[] = [];
    const test: number[] = [];
    for (const cls of [...byClass.keys()].sort()) {
      const items = shuffled(byClass.get(cls)!, random);
      const take = Math.min(k, items.length - 1);
      train.push(...items.slice(0, take));
      test.push(...items.slice(take));
    }
    splits.push({ train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b), name: `k=${k} repeat ${r + 1}` });
  }
  return splits;
}

function foldsToSplits(foldOf: readonly number[], k: number, name: (fold: number) => string): Split[] {
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    splits.push({
      name: name(f),
      train: foldOf.flatMap((x, i) => (x === f ? [] : [i])),
      test: foldOf.flatMap((x, i) => (x === f ? [i] : [])),
    });
  }
  return splits;
}
