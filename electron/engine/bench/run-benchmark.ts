/**
 * One benchmark run over one dataset: every method on the same decoded images and the same
 * splits. Closed set on the primary protocol (5-fold for the real set, group A → group B for
 * the zoo), open set, Fisher ratio, content leakage (zoo), robustness on perturbed test images,
 * latency; for the real set also grouped-by-source, few-shot and format-neutral protocols.
 */
import { loadavg } from 'node:os';
import { fewShotSplits, groupedKFold, leaveOneGroupOut, stratifiedKFold, type Split } from '../attribution/folds.js';
import type { AttributionMethod, LabeledImage } from '../attribution/method.js';
import { decodeEntry, type DatasetListing } from './datasets.js';
import type { StageMedians } from './fingerprint-memo.js';
import { reencodeJpeg } from './image-io.js';
import { PERTURBATIONS } from './perturbations.js';
import {
  closedSetScore, contentLeakage, embeddingFisherRatio, meanAndSd, medianPredictMs, openSetAuroc, perturbedAccuracy, runSplits,
  type ClosedSetResult, type ContentLeakage,
} from './protocols.js';

/** Few-shot repeats per k (random enrolment draws); 3 keeps a full run within an hour on a loaded 2-core machine. */
export const FEW_SHOT_REPEATS = 3;

export const PROTOCOLS = ['primary', 'open-set', 'grouped', 'few-shot', 'robustness', 'format-neutral'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface BenchmarkOptions {
  quick: boolean;
  log: (line: string) => void;
  /** Protocols to run (default all; "primary" always runs, the others build on its fits). */
  protocols?: readonly Protocol[];
  /** Labels that take a turn as the open-set unknown (default every label). */
  openSetLabels?: readonly string[];
  /** Called with the results so far after each stage, so a long run leaves partial results. */
  onProgress?: (partial: DatasetResult) => void;
  /** Called around latency measurement (to bypass memo caches and collect stage timings). */
  timing?: { begin(methodId: string): void; end(methodId: string): StageMedians | undefined };
}

export interface FewShotResult {
  accuracy: { mean: number; sd: number };
  macroF1: { mean: number; sd: number };
  runs: number;
}

export interface MethodResult {
  id: string;
  label: string;
  primary?: ClosedSetResult;
  openSet?: { mean: number; perLabel: Record<string, number> };
  fisherRatio?: number;
  leakage?: ContentLeakage | null;
  robustness: Record<string, number>;
  /** Median wall-clock ms per image (inflated when the machine is loaded). */
  msPerImage?: number;
  /** Median CPU ms per image of this process (one thread). */
  cpuMsPerImage?: number;
  /** Median ms per engine stage during the latency measurement (methods that report stages). */
  stageMs?: Record<string, number>;
  /** Median CPU ms per engine stage during the same measurement. */
  stageCpuMs?: Record<string, number>;
  groupedBySource?: ClosedSetResult;
  fewShot?: Record<string, FewShotResult>;
  formatNeutral?: ClosedSetResult;
  errors: string[];
}

export interface DatasetResult {
  dataset: string;
  kind: 'real' | 'zoo';
  dir: string;
  /** Images scored (the train-only references are not among them). */
  images: number;
  /** References that joined every training side and were never tested (extra real-camera photos). */
  trainOnlyImages?: number;
  trainOnlySources?: Record<string, number>;
  skippedImages: string[];
  imagesPerLabel: Record<string, number>;
  primaryProtocol: string;
  /** Robustness is measured on the first split's test images only. */
  robustnessImages: number;
  loadAverage: { start: number[]; end: number[] };
  seconds: number;
  methods: MethodResult[];
}

interface Decoded {
  /** Tested images first, then the train-only references (indices nTested…). */
  items: LabeledImage[];
  nTested: number;
  skipped: string[];
}

async function decodeAll(listing: DatasetListing, quick: boolean, log: (s: string) => void): Promise<Decoded> {
  const cap = quick ? 12 : Infinity;
  const perLabel = new Map<string, number>();
  const tested: LabeledImage[] = [];
  const trainOnly: LabeledImage[] = [];
  const skipped: string[] = [];
  for (const entry of listing.entries) {
    const capKey = entry.trainOnly ? '\0train-only' : entry.label;
    const seen = perLabel.get(capKey) ?? 0;
    if (seen >= cap) continue;
    try {
      const image = await decodeEntry(entry);
      (entry.trainOnly ? trainOnly : tested).push({ id: entry.id, image, label: entry.label, source: entry.source, contentId: entry.contentId });
      perLabel.set(capKey, seen + 1);
    } catch (error) {
      skipped.push(`${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  log(`${listing.name}: decoded ${tested.length} images${trainOnly.length ? ` + ${trainOnly.length} train-only references` : ''} (${skipped.length} skipped)`);
  return { items: [...tested, ...trainOnly], nTested: tested.length, skipped };
}

/** Adds the train-only references (indices from..to−1) to every split's training side. */
export function withTrainOnly(splits: readonly Split[], from: number, to: number): Split[] {
  if (to <= from) return [...splits];
  const extra = Array.from({ length: to - from }, (_, k) => from + k);
  return splits.map((s) => ({ ...s, train: [...s.train, ...extra] }));
}

function primarySplits(listing: DatasetListing, items: readonly LabeledImage[], quick: boolean): { splits: Split[]; name: string } {
  if (listing.kind === 'zoo') {
    const groupOf = new Map(listing.entries.map((e) => [e.id, e.group]));
    const train = items.flatMap((t, i) => (groupOf.get(t.id) === 'A' ? [i] : []));
    const test = items.flatMap((t, i) => (groupOf.get(t.id) === 'B' ? [i] : []));
    if (train.length > 0 && test.length > 0) return { splits: [{ name: 'enrol A, test B', train, test }], name: 'enrol from corpus group A renders, test on group B (unseen photos)' };
    return { splits: groupedKFold(items.map((t) => t.contentId ?? t.id), quick ? 3 : 5), name: 'grouped K-fold by photo (no A/B groups in labels.json)' };
  }
  const k = quick ? 3 : 5;
  return { splits: stratifiedKFold(items.map((t) => t.label), k, 1), name: `stratified ${k}-fold` };
}

async function guarded<T>(result: MethodResult, what: string, log: (s: string) => void, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    result.errors.push(message);
    log(`  ! ${result.id} ${message}`);
    return undefined;
  }
}

export async function runBenchmark(listing: DatasetListing, methods: readonly AttributionMethod[], opts: BenchmarkOptions): Promise<DatasetResult> {
  const started = Date.now();
  const loadStart = loadavg();
  const { log, quick } = opts;
  const wants = (p: Protocol): boolean => !opts.protocols || opts.protocols.length === 0 || opts.protocols.includes(p);
  const { items, nTested, skipped } = await decodeAll(listing, quick, log);
  const tested = items.slice(0, nTested);
  // Every split is made over the tested images; the train-only references join each training side.
  const plusTrainOnly = (s: readonly Split[]): Split[] => withTrainOnly(s, nTested, items.length);
  const primary = primarySplits(listing, tested, quick);
  const splits = plusTrainOnly(primary.splits);
  const primaryProtocol = primary.name;
  const results: MethodResult[] = [];
  const imagesPerLabel: Record<string, number> = {};
  for (const t of tested) imagesPerLabel[t.label] = (imagesPerLabel[t.label] ?? 0) + 1;
  const trainOnlySources: Record<string, number> = {};
  for (const t of items.slice(nTested)) trainOnlySources[t.source ?? 'unknown'] = (trainOnlySources[t.source ?? 'unknown'] ?? 0) + 1;
  const robustnessTest = new Set(splits[0]!.test);
  const snapshot = (): DatasetResult => ({
    dataset: listing.name, kind: listing.kind, dir: listing.dir, images: nTested, trainOnlyImages: items.length - nTested, trainOnlySources, skippedImages: skipped, imagesPerLabel,
    primaryProtocol, robustnessImages: robustnessTest.size, loadAverage: { start: loadStart, end: loadavg() }, seconds: (Date.now() - started) / 1000, methods: results,
  });
  const progress = (): void => opts.onProgress?.(snapshot());
  const perturbations = !wants('robustness') ? [] : quick ? PERTURBATIONS.filter((p) => p.id === 'jpeg90' || p.id === 'crop') : PERTURBATIONS;

  for (const method of methods) {
    const result: MethodResult = { id: method.id, label: method.label, robustness: {}, errors: [] };
    results.push(result);
    const t0 = Date.now();
    const runs = await guarded(result, 'primary', log, () => runSplits(method, items, splits));
    if (runs) {
      result.primary = closedSetScore(items, runs);
      const first = runs[0]!;
      result.fisherRatio = await guarded(result, 'fisher ratio', log, () => embeddingFisherRatio(items, runs));
      if (listing.kind === 'zoo') result.leakage = await guarded(result, 'leakage', log, () => contentLeakage(items, first));
      const timed = first.split.test.slice(0, quick ? 8 : 20).map((i) => items[i]!.image);
      opts.timing?.begin(method.id);
      const timing = await guarded(result, 'timing', log, () => medianPredictMs(first.fitted, timed));
      result.msPerImage = timing?.wall;
      result.cpuMsPerImage = timing?.cpu;
      const stages = opts.timing?.end(method.id);
      if (stages) {
        result.stageMs = stages.wall;
        result.stageCpuMs = stages.cpu;
      }
    }
    log(`  ${method.id}: primary acc ${fmt(result.primary?.accuracy)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    progress();
    // Robustness right after the primary fit (before the costlier protocols), so an interrupted
    // run still has each finished method's robustness: perturbed copies of the first split's test
    // images, scored by that split's clean fit.
    if (runs) {
      for (const perturbation of perturbations) {
        const acc = await guarded(result, perturbation.id, log, () => perturbedAccuracy(items, runs[0]!, (i) => perturbation.apply(items[i]!.image, 1000 + i)));
        if (acc !== undefined) result.robustness[perturbation.id] = acc;
      }
      if (perturbations.length) log(`  ${method.id}: robustness ${perturbations.map((p) => `${p.id} ${fmt(result.robustness[p.id])}`).join(', ')}`);
      progress();
    }
    if (wants('open-set')) result.openSet = await guarded(result, 'open set', log, () => openSetAuroc(method, items, splits[0]!, opts.openSetLabels?.length ? opts.openSetLabels : undefined, nTested));
    log(`  ${method.id}: open-set AUROC ${fmt(result.openSet?.mean)}${result.openSet ? ` over ${Object.keys(result.openSet.perLabel).length} held-out labels` : ''}`);
    if (listing.kind === 'real' && wants('grouped')) {
      const sources = tested.map((t) => t.source ?? 'unknown');
      result.groupedBySource = await guarded(result, 'grouped by source', log, async () => closedSetScore(items, await runSplits(method, items, plusTrainOnly(leaveOneGroupOut(sources)))));
      log(`  ${method.id}: grouped-by-source acc ${fmt(result.groupedBySource?.accuracy)} on ${result.groupedBySource?.scored} scorable images`);
    }
    if (listing.kind === 'real' && wants('few-shot')) {
      result.fewShot = {};
      for (const k of quick ? [5] : [5, 10, 20]) {
        const fs = await guarded(result, `few-shot k=${k}`, log, async () => {
          const runs = await runSplits(method, items, plusTrainOnly(fewShotSplits(tested.map((t) => t.label), k, quick ? 2 : FEW_SHOT_REPEATS, 11)));
          const scores = runs.map((r) => closedSetScore(items, [r]));
          return { accuracy: meanAndSd(scores.map((s) => s.accuracy)), macroF1: meanAndSd(scores.map((s) => s.macroF1)), runs: runs.length };
        });
        if (fs) result.fewShot[`k=${k}`] = fs;
      }
      log(`  ${method.id}: few-shot ${Object.entries(result.fewShot).map(([k, v]) => `${k} ${fmt(v.accuracy.mean)}`).join(', ')}`);
    }
    progress();
  }

  if (listing.kind === 'real' && wants('format-neutral')) {
    // Format-neutral: every image (train and test) re-encoded through JPEG q90 first.
    const neutral: LabeledImage[] = [];
    for (const t of items) neutral.push({ ...t, image: await reencodeJpeg(t.image, 90) });
    for (const method of methods) {
      const result = results.find((r) => r.id === method.id)!;
      result.formatNeutral = await guarded(result, 'format-neutral', log, async () => closedSetScore(neutral, await runSplits(method, neutral, splits)));
      log(`  ${method.id}: format-neutral acc ${fmt(result.formatNeutral?.accuracy)}`);
      progress();
    }
  }

  return snapshot();
}

export function fmt(v: number | undefined | null, digits = 3): string {
  return v === undefined || v === null || Number.isNaN(v) ? '—' : v.toFixed(digits);
}

