/**
 * Evaluation protocols over one method: fit on a split's training side, score its test side.
 * Every function takes the decoded images and index splits, so all methods see the same data.
 */
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { fitLinearHead } from '../attribution/classifier/linear-head.js';
import type { Split } from '../attribution/folds.js';
import type { AttributionMethod, FittedAttributor, LabeledImage, Prediction } from '../attribution/method.js';
import { auroc } from '../attribution/metrics/auroc.js';
import { accuracy, confusionMatrix, macroF1, type ConfusionMatrix } from '../attribution/metrics/classification.js';
import { fisherRatio } from '../attribution/metrics/fisher-ratio.js';
import { cloneImage } from './image-io.js';

export interface FoldRun {
  split: Split;
  fitted: FittedAttributor;
  predictions: Prediction[];
}

export interface ClosedSetResult {
  accuracy: number;
  macroF1: number;
  confusion: ConfusionMatrix;
  /** Test images scored (those whose label was enrolled). */
  scored: number;
  perSplit: { name: string; accuracy: number; macroF1: number; scored: number }[];
}

function subset(items: readonly LabeledImage[], idx: readonly number[]): LabeledImage[] {
  return idx.map((i) => items[i]!);
}

/** Fits per split and predicts its test images; keeps the fitted attributors for later reuse. */
export async function runSplits(method: AttributionMethod, items: readonly LabeledImage[], splits: readonly Split[]): Promise<FoldRun[]> {
  const runs: FoldRun[] = [];
  for (const split of splits) {
    const fitted = await method.fit(subset(items, split.train));
    const predictions: Prediction[] = [];
    for (const i of split.test) predictions.push(await fitted.predict(items[i]!.image));
    runs.push({ split, fitted, predictions });
  }
  return runs;
}

/**
 * Pools predictions over splits. Test images whose label had no training image in their split
 * (possible when whole sources are held out) cannot be attributed and are left out of the score.
 */
export function closedSetScore(items: readonly LabeledImage[], runs: readonly FoldRun[]): ClosedSetResult {
  const truth: string[] = [];
  const predicted: string[] = [];
  const perSplit: ClosedSetResult['perSplit'] = [];
  for (const run of runs) {
    const enrolled = new Set(run.split.train.map((i) => items[i]!.label));
    const t: string[] = [];
    const p: string[] = [];
    run.split.test.forEach((i, k) => {
      if (!enrolled.has(items[i]!.label)) return;
      t.push(items[i]!.label);
      p.push(run.predictions[k]!.label);
    });
    perSplit.push({ name: run.split.name, accuracy: accuracy(t, p), macroF1: macroF1(t, p), scored: t.length });
    truth.push(...t);
    predicted.push(...p);
  }
  return { accuracy: accuracy(truth, predicted), macroF1: macroF1(truth, predicted), confusion: confusionMatrix(truth, predicted), scored: truth.length, perSplit };
}

/**
 * Accuracy of a kept fitted attributor on perturbed copies of its test images, made one at a
 * time by `perturb(i)` (so no perturbed set is held in memory).
 */
export async function perturbedAccuracy(items: readonly LabeledImage[], run: FoldRun, perturb: (index: number) => Promise<AnalysisImage>): Promise<number> {
  let hit = 0, n = 0;
  for (const i of run.split.test) {
    const p = await run.fitted.predict(await perturb(i));
    if (p.label === items[i]!.label) hit++;
    n++;
  }
  return n > 0 ? hit / n : NaN;
}

/** Mean Fisher ratio of the test embeddings per split (NaN when the method has no embedding). */
export async function embeddingFisherRatio(items: readonly LabeledImage[], runs: readonly FoldRun[]): Promise<number> {
  const values: number[] = [];
  for (const run of runs) {
    if (!run.fitted.embed) return NaN;
    const vectors: Float32Array[] = [];
    for (const i of run.split.test) vectors.push(await run.fitted.embed(items[i]!.image));
    const r = fisherRatio(vectors, run.split.test.map((i) => items[i]!.label));
    if (Number.isFinite(r)) values.push(r);
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/**
 * Leave-one-generator-out open set on one split: each label in turn is removed from training;
 * its images (all of them, never enrolled) are the unknowns, the split's other test images the
 * knowns. AUROC of the method's unknownScore, averaged over labels. `heldOut` restricts which labels
 * take a turn as the unknown (each refit still enrols every other label), for methods too slow to
 * refit once per label; the mean is then over those labels only.
 */
export async function openSetAuroc(
  method: AttributionMethod,
  items: readonly LabeledImage[],
  split: Split,
  heldOut?: readonly string[],
  /** Images 0…testable−1 may be scored as the unknown (later ones are train-only references). */
  testable = items.length,
): Promise<{ mean: number; perLabel: Record<string, number> }> {
  const all = [...new Set(items.map((t) => t.label))].sort();
  const unknownLabels = heldOut?.filter((l) => !all.includes(l)) ?? [];
  if (unknownLabels.length) throw new Error(`open-set labels not in the dataset: ${unknownLabels.join(', ')}`);
  const labels = heldOut ? all.filter((l) => heldOut.includes(l)) : all;
  const perLabel: Record<string, number> = {};
  for (const held of labels) {
    const train = split.train.filter((i) => items[i]!.label !== held);
    if (new Set(train.map((i) => items[i]!.label)).size < 2) continue;
    const fitted = await method.fit(subset(items, train));
    const known: number[] = [];
    const unknown: number[] = [];
    for (const i of split.test) if (items[i]!.label !== held) known.push((await fitted.predict(items[i]!.image)).unknownScore);
    for (let i = 0; i < testable; i++) if (items[i]!.label === held) unknown.push((await fitted.predict(items[i]!.image)).unknownScore);
    perLabel[held] = auroc(unknown, known);
  }
  const values = Object.values(perLabel).filter(Number.isFinite);
  return { mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN, perLabel };
}

export interface ContentLeakage {
  /** Probe accuracy on the method's embedding (its fingerprint / feature vector); NaN when it has none. */
  accuracy: number;
  /** Probe accuracy on the method's output: log of its score for every label (what its decision sees). */
  scoreAccuracy: number;
  chance: number;
}

/**
 * Content leakage: how well the photo (contentId) can be read off the method's embedding, and off
 * its output scores, by a linear probe. Leave-one-generator-out: the probe trains on the other
 * generators' images of the test split and predicts the held-out generator's photos. Chance = 1 / #photos.
 */
export async function contentLeakage(items: readonly LabeledImage[], run: FoldRun): Promise<ContentLeakage | null> {
  const embedded: EmbeddedContent[] = [];
  const scored: EmbeddedContent[] = [];
  // The split's predictions are in split.test order: the scores are read off them, not predicted again.
  for (const [k, i] of run.split.test.entries()) {
    const { label, contentId, image } = items[i]!;
    if (contentId === undefined) continue;
    if (run.fitted.embed) embedded.push({ label, contentId, embedding: await run.fitted.embed(image) });
    scored.push({ label, contentId, embedding: scoreVector(run.predictions[k]!.scores) });
  }
  if (scored.length === 0) return null;
  const fromScores = contentLeakageOf(scored);
  if (!fromScores) return null;
  return { accuracy: contentLeakageOf(embedded)?.accuracy ?? NaN, scoreAccuracy: fromScores.accuracy, chance: fromScores.chance };
}

/** A method's scores as a vector in label order: log(max(score, 1e-12)), the same transform for every method. */
export function scoreVector(scores: Record<string, number>): Float32Array {
  return Float32Array.from(Object.keys(scores).sort(), (label) => Math.log(Math.max(1e-12, scores[label]!)));
}

export interface EmbeddedContent {
  label: string;
  contentId: string;
  embedding: Float32Array;
}

/**
 * The leakage probe on embeddings already computed: for each generator in turn, a linear probe
 * trained on the other generators' rows predicts its rows' photo. Null with fewer than two photos.
 */
export function contentLeakageOf(rows: readonly EmbeddedContent[]): { accuracy: number; chance: number } | null {
  const contents = new Set(rows.map((r) => r.contentId));
  if (contents.size < 2) return null;
  let hit = 0, n = 0;
  for (const held of new Set(rows.map((r) => r.label))) {
    const train = rows.filter((r) => r.label !== held);
    if (new Set(train.map((r) => r.contentId)).size < 2) continue;
    const probe = fitLinearHead(train.map((r) => r.embedding), train.map((r) => r.contentId), { l2: 1e-2, maxIterations: 100 });
    for (const r of rows.filter((x) => x.label === held)) {
      if (probe.predict(r.embedding).label === r.contentId) hit++;
      n++;
    }
  }
  return { accuracy: n ? hit / n : NaN, chance: 1 / contents.size };
}

/**
 * Median wall-clock and CPU (user + system of this process) ms per predict on fresh copies (no
 * feature cache hits), one image at a time. CPU time stays meaningful on a loaded machine.
 */
export async function medianPredictMs(fitted: FittedAttributor, images: readonly AnalysisImage[]): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const image of images) {
    const copy = cloneImage(image);
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    await fitted.predict(copy);
    const used = process.cpuUsage(cpuStart);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((used.user + used.system) / 1e3);
  }
  const median = (v: number[]) => (v.length ? v.sort((a, b) => a - b)[Math.floor(v.length / 2)]! : NaN);
  return { wall: median(wall), cpu: median(cpu) };
}

export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}
