import { attribute, fitLibraryModel, type LibraryModelOptions } from '../fingerprint/library-model.js';
import type { FingerprintVectors, LibraryReference } from '../fingerprint/fingerprint-types.js';

export interface CvItem {
  id: string;
  label: string;
  source: string;
  /** Fingerprint of the image as delivered and of its processed copies, by variant name. */
  versions: Record<string, FingerprintVectors>;
}

export interface CvResult {
  folds: number;
  tested: number;
  /** Accuracy per test condition ("clean", "jpeg-90", …). */
  accuracy: Record<string, number>;
  macroF1: number;
  confusion: Record<string, Record<string, number>>;
}

/** Stratified plain k-fold: items sorted by id, dealt round robin within each label. */
export function plainFolds(items: readonly CvItem[], k: number): number[] {
  const fold = new Array<number>(items.length).fill(0);
  const byLabel = new Map<string, number[]>();
  items.forEach((it, i) => byLabel.set(it.label, [...(byLabel.get(it.label) ?? []), i]));
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const idx = byLabel.get(label)!.sort((a, b) => (items[a]!.id < items[b]!.id ? -1 : 1));
    idx.forEach((i, j) => (fold[i] = (j + offset) % k));
    offset += idx.length;
  }
  return fold;
}

/**
 * Fits on the training fold (originals + the training-time processed copies) and scores held-out
 * items under each test condition. No held-out image (or copy of it) touches the fit.
 */
export async function crossValidate(
  items: readonly CvItem[],
  foldOf: readonly number[],
  options: { trainVariants: string[]; testConditions: string[]; base?: string; model?: LibraryModelOptions; canScore?: (item: CvItem, trainLabels: Set<string>) => boolean },
): Promise<CvResult> {
  const base = options.base ?? 'clean';
  const folds = Math.max(...foldOf) + 1;
  const correct: Record<string, number> = Object.fromEntries(options.testConditions.map((c) => [c, 0]));
  const confusion: Record<string, Record<string, number>> = {};
  let tested = 0;
  for (let f = 0; f < folds; f++) {
    const train = items.filter((_, i) => foldOf[i] !== f);
    const test = items.filter((_, i) => foldOf[i] === f);
    const refs: LibraryReference[] = [];
    for (const it of train) {
      refs.push({ generatorId: it.label, imageId: it.id, fingerprint: it.versions[base]! });
      for (const v of options.trainVariants) if (it.versions[v]) refs.push({ generatorId: it.label, imageId: it.id, processing: v, fingerprint: it.versions[v]! });
    }
    const trainLabels = new Set(train.map((t) => t.label));
    if (trainLabels.size < 2) continue;
    const model = await fitLibraryModel(refs, options.model);
    for (const it of test) {
      if (options.canScore && !options.canScore(it, trainLabels)) continue;
      tested++;
      for (const condition of options.testConditions) {
        const fp = it.versions[condition === 'clean' ? base : condition];
        if (!fp) continue;
        const top = attribute(model, fp).ranked[0]!.generatorId;
        if (top === it.label) correct[condition]!++;
        if (condition === 'clean') {
          confusion[it.label] ??= {};
          confusion[it.label]![top] = (confusion[it.label]![top] ?? 0) + 1;
        }
      }
    }
  }
  const accuracy = Object.fromEntries(Object.entries(correct).map(([c, n]) => [c, tested ? n / tested : 0]));
  return { folds, tested, accuracy, macroF1: macroF1(confusion), confusion };
}

function macroF1(confusion: Record<string, Record<string, number>>): number {
  const labels = Object.keys(confusion);
  if (labels.length === 0) return 0;
  let sum = 0;
  for (const l of labels) {
    const tp = confusion[l]![l] ?? 0;
    const fn = Object.values(confusion[l]!).reduce((a, b) => a + b, 0) - tp;
    const fp = Object.entries(confusion).reduce((a, [t, row]) => a + (t === l ? 0 : (row[l] ?? 0)), 0);
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / labels.length;
}

/**
 * Leave-one-generator-out open set: for each label L, fit on the other labels' items outside the
 * test fold, then score the test fold's known items and every item of L. Returns the AUROC of the
 * unknown score per held-out label (1 = unknowns always score higher than knowns).
 */
export async function openSetAuroc(items: readonly CvItem[], foldOf: readonly number[], options: { trainVariants: string[]; testFold?: number; model?: LibraryModelOptions }): Promise<Record<string, number>> {
  const testFold = options.testFold ?? 0;
  const labels = [...new Set(items.map((i) => i.label))].sort();
  const out: Record<string, number> = {};
  for (const unknownLabel of labels) {
    const train = items.filter((it, i) => foldOf[i] !== testFold && it.label !== unknownLabel);
    const refs: LibraryReference[] = [];
    for (const it of train) {
      refs.push({ generatorId: it.label, imageId: it.id, fingerprint: it.versions.clean! });
      for (const v of options.trainVariants) if (it.versions[v]) refs.push({ generatorId: it.label, imageId: it.id, processing: v, fingerprint: it.versions[v]! });
    }
    const model = await fitLibraryModel(refs, options.model);
    const known = items.filter((it, i) => foldOf[i] === testFold && it.label !== unknownLabel).map((it) => attribute(model, it.versions.clean!).unknownScore);
    const unknown = items.filter((it) => it.label === unknownLabel).map((it) => attribute(model, it.versions.clean!).unknownScore);
    out[unknownLabel] = auroc(unknown, known);
  }
  return out;
}

/** P(score of a positive > score of a negative), ties counted half. */
export function auroc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}
