import { CausalPrintError } from '../../contract/errors.js';
import { meanOf, squaredDistance } from '../fingerprint/linalg.js';
import type { EnrolledFingerprint, LibraryEngine } from './library-engine.js';

const distance = (a: ArrayLike<number>, b: ArrayLike<number>): number => Math.sqrt(squaredDistance(a, b));

export interface EntryQuality {
  generatorKey: string;
  references: number;
  /** Cross-validated recall of this entry. */
  recall: number;
  /** Mean Euclidean distance of the entry's references to their centroid (fused embedding). */
  spread: number;
  /** Fisher ratio of this entry against all others: squared centroid distance over summed spreads². */
  fdr: number;
  nearestConfuser: string | null;
  nearestConfuserDistance: number | null;
}

export interface LibraryValidation {
  folds: number;
  references: number;
  accuracy: number;
  /** Share of held-out references the library called "unknown source". */
  falseUnknownRate: number;
  labels: string[];
  /** confusion[i][j] = references of labels[i] attributed to labels[j]; the last column counts "unknown". */
  confusion: number[][];
  entries: EntryQuality[];
  /** Entries with fewer references than folds are validated leave-one-out within what they have. */
  notes: string[];
}

/**
 * Stratified k-fold cross-validation of a library: every held-out reference is attributed by a
 * library fitted without it. Folds are assigned deterministically (sorted order, round robin per
 * entry), so validating the same library twice gives the same figures.
 */
export async function validateLibrary(engine: LibraryEngine, refs: readonly EnrolledFingerprint[], requestedFolds = 5): Promise<LibraryValidation> {
  const labels = [...new Set(refs.map((r) => r.generatorKey))].sort();
  const notes: string[] = [];
  if (labels.length < 2) throw new CausalPrintError('VALIDATION', 'Validation needs references for at least two generators.');
  const smallest = Math.min(...labels.map((l) => refs.filter((r) => r.generatorKey === l).length));
  const folds = Math.max(2, Math.min(requestedFolds, smallest));
  if (folds < requestedFolds) notes.push(`Only ${smallest} reference(s) in the smallest entry: ${folds}-fold instead of ${requestedFolds}-fold.`);

  const foldOf = new Map<EnrolledFingerprint, number>();
  const seen = new Map<string, number>();
  for (const ref of refs) {
    const n = seen.get(ref.generatorKey) ?? 0;
    foldOf.set(ref, n % folds);
    seen.set(ref.generatorKey, n + 1);
  }

  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => new Array<number>(labels.length + 1).fill(0));
  let correct = 0;
  let unknown = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = refs.filter((r) => foldOf.get(r) !== fold);
    const test = refs.filter((r) => foldOf.get(r) === fold);
    const fitted = await engine.fit(train);
    for (const ref of test) {
      const result = engine.attribute(fitted.model, ref.fingerprint);
      const truth = index.get(ref.generatorKey)!;
      if (result.unknown) {
        unknown++;
        confusion[truth]![labels.length]!++;
        continue;
      }
      const predicted = index.get(result.ranked[0]!.generatorKey);
      if (predicted === undefined) continue;
      confusion[truth]![predicted]!++;
      if (predicted === truth) correct++;
    }
  }

  const full = await engine.fit(refs);
  const embeddings = refs.map((r) => engine.embed(full.model, r.fingerprint));
  const dim = embeddings[0]!.length;
  const centroids = labels.map((label) => meanOf(embeddings.filter((_, i) => refs[i]!.generatorKey === label), dim));
  const spreads = labels.map((label, li) => {
    const own = embeddings.filter((_, i) => refs[i]!.generatorKey === label);
    return own.reduce((s, e) => s + distance(e, centroids[li]!), 0) / own.length;
  });
  const entries: EntryQuality[] = labels.map((label, li) => {
    let nearest: string | null = null;
    let nearestDistance = Infinity;
    let fdrSum = 0;
    labels.forEach((other, oi) => {
      if (oi === li) return;
      const d = distance(centroids[li]!, centroids[oi]!);
      fdrSum += (d * d) / Math.max(1e-12, spreads[li]! ** 2 + spreads[oi]! ** 2);
      if (d < nearestDistance) {
        nearestDistance = d;
        nearest = other;
      }
    });
    const row = confusion[li]!;
    const total = row.reduce((a, b) => a + b, 0);
    return {
      generatorKey: label,
      references: total,
      recall: total ? row[li]! / total : 0,
      spread: spreads[li]!,
      fdr: fdrSum / (labels.length - 1),
      nearestConfuser: nearest,
      nearestConfuserDistance: Number.isFinite(nearestDistance) ? nearestDistance : null,
    };
  });
  return { folds, references: refs.length, accuracy: correct / refs.length, falseUnknownRate: unknown / refs.length, labels, confusion, entries, notes };
}
