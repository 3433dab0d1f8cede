import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CausalPrintError } from '../../contract/errors.js';
import type { Attribution, FingerprintVectors, LibraryReference } from './fingerprint-types.js';
import { fitSpaceProjection, projectSpace, type SpaceProjection, type SpaceProjectionOptions, type SpaceSample } from './space-projection.js';
import { meanOf, scatterOf, squaredDistance, symmetricEigen } from './linalg.js';
import { fitLogisticRegressionOnnx, logits, type LogisticModel } from '../attribution/classifier/logistic-regression.js';
import { computeKernel } from '../models/compute-kernels.js';
import { fitStandardiser, standardise, type Standardiser } from '../attribution/classifier/standardiser.js';

export interface LibraryModelOptions {
  /** Spaces used (default: every space present in all references). */
  spaces?: string[];
  /** Share of known references allowed to be called unknown (sets the open-set threshold). */
  falseUnknownRate?: number;
  /** Folds of the internal cross-validation that fits temperature and threshold. */
  calibrationFolds?: number;
  /** Space weights from each space's Fisher ratio ("fdr") or all equal ("equal"). */
  weighting?: 'fdr' | 'equal';
  /**
   * How generators are ranked: by distance to their nearest enrolled cluster ("nearest-cluster",
   * generative) or by a multinomial logistic regression on the fused causal fingerprint F with one
   * class per cluster, probabilities summed per generator ("logistic", discriminative; the default).
   * The unknown score is the distance to the nearest enrolled cluster either way.
   * "logistic-per-generator": the same regression with one class per generator (processing
   * conditions pooled; about clusters-per-generator times cheaper to fit).
   * "blend": both, the head's −log p and the nearest-cluster distance mixed with a weight chosen
   * on the held-out calibration folds (references as delivered and their processed copies).
   */
  head?: HeadChoice;
  projection?: Partial<SpaceProjectionOptions>;
  packId?: string;
  packVersion?: string;
}

export type HeadKind = 'nearest-cluster' | 'logistic' | 'logistic-per-generator' | 'blend';

/**
 * "auto": the blend of the logistic head and the nearest cluster when the generators have enough
 * references to fit the head (median references as delivered per generator ≥
 * AUTO_HEAD_MIN_REFERENCES), else the nearest cluster alone — the generative rule wins with few
 * samples, the discriminative one with many (Ng & Jordan 2002), and with many the blend keeps what
 * each is best at. Dev set few-shot (+ corpus photos as real): k = 5 nearest 0.743 / logistic
 * 0.590, k = 10 0.792 / 0.752, k = 20 0.859 / 0.880; every other protocol there and on the zoo has
 * ≥ 16 per generator.
 */
export type HeadChoice = HeadKind | 'auto';

export const AUTO_HEAD_MIN_REFERENCES = 12;

/** The head "auto" resolves to for these references. */
export function resolveHead(choice: HeadChoice, refs: readonly LibraryReference[]): HeadKind {
  if (choice !== 'auto') return choice;
  const counts = new Map<string, number>();
  for (const r of refs) if (r.processing === undefined) counts.set(r.generatorId, (counts.get(r.generatorId) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => a - b);
  const median = sorted.length === 0 ? 0 : quantile(sorted, 0.5);
  return median >= AUTO_HEAD_MIN_REFERENCES ? 'blend' : 'nearest-cluster';
}

export const DEFAULT_PROJECTION: SpaceProjectionOptions = {
  // Dev set, plain 5-fold, processing clusters: 96 components 0.884 clean / 0.711 JPEG 90 / 0.839
  // ×0.75 / 0.879 crop; 160 components 0.900 / 0.734 / 0.858 / 0.868 (the cap was losing signal).
  maxComponents: 160,
  maxPcaSamples: 500,
  nuisanceRatio: 1,
  // Measured on the dev set (plain 5-fold): removing every nuisance-dominated direction (share 0.5,
  // up to half the components) cost 9 points clean for 3 points after JPEG; this conservative
  // setting keeps the JPEG gain for 2 points clean (electron/engine/analysis/run-real-generators-cv.ts).
  nuisanceShare: 0.8,
  maxRemovedShare: 0.1,
  shrinkage: 'ledoit-wolf',
  decouple: true,
  // Dev set, plain 5-fold, processing copies in training (96 components): one cluster per generator
  // 0.866 clean / 0.629 JPEG 90 / 0.734 ×1.5; one per generator × processing 0.884 / 0.711 / 0.858.
  clusters: 'processing',
  // Zoo (enrol 16 group-A photos x 18 generators + real, test 12 unseen group-B photos; run-zoo-fit.ts):
  // processing in the ratio-tested nuisance 0.921 clean / leakage 0.487 (chance 0.083); kept out of it
  // (processing is enrolled as its own clusters instead) 0.969; plus the top content directions of the
  // matched-content scatter removed outright 0.965 / leakage 0.386-0.408. Dev set (no matched content,
  // so only the processing switch acts): 0.900 -> 0.895 clean, JPEG 90 0.734 -> 0.729, x0.75 0.858 -> 0.879.
  decoupleProcessing: false,
  contentDirections: 16,
  // Every label weighs alike in the standardisation, PCA and scatter estimates, so that a large real
  // class (corpus photos from several sources) does not dominate them. With the logistic head: zoo
  // 0.969 -> 0.982 clean; dev set 0.887 either way (results.md, "Extra real-camera references").
  balance: 'label',
};

/**
 * Ranking by the blend of the logistic head on F (one class per cluster) and the nearest-cluster
 * distance when there are enough references (see HeadChoice "auto"). The head alone: zoo (enrol A
 * + 131 corpus photos, test B) nearest cluster 0.965, logistic 0.969, with label balance 0.982; dev
 * set grouped by source 0.629 -> 0.848. The blend on the dev set (plain 5-fold, run-real-generators-cv):
 * head 0.895 clean / JPEG 90 0.642 / JPEG 75 0.524 / crop 0.871, blend 0.918 / 0.708 / 0.582 / 0.897;
 * zoo (run-zoo-fit) 0.982 -> 0.974 clean, JPEG 90 0.711 -> 0.741, ×0.75 0.912 -> 0.921. Benchmark: dev set
 * 0.887 -> 0.895 clean, JPEG 75 0.500 -> 0.592, crop 0.789 -> 0.882; zoo 0.974 -> 0.969 (results.md).
 * Fitted with onnxruntime's matrix kernels since the head's JavaScript fit cost 5-6x the rest of
 * the library fit.
 */
export const DEFAULT_HEAD: HeadChoice = 'auto';

export interface SpaceModel extends SpaceProjection {
  weight: number;
  /**
   * Orthonormal rows spanning the enrolled cluster centres (centred on their mean) in this space's
   * output coordinates. Distances to the clusters differ between clusters only inside this span
   * (the rest adds the same amount to every cluster), so it holds everything attribution ranks on;
   * the embedded fingerprint F keeps these coordinates and drops the rest (content, mostly).
   */
  clusterSpan?: number[][];
}

/** Condition name of a reference as delivered (no processing intervention). */
export const AS_DELIVERED = 'as-delivered';

/** One enrolled cluster: a generator's references under one processing condition, as class centres per space. */
export interface ClusterModel {
  generatorId: string;
  /** "as-delivered" or the processing intervention ("jpeg-75", …); "all" when clusters are per generator. */
  condition: string;
  references: number;
  means: Record<string, number[]>;
}

/** Discriminative head on the fused fingerprint F: z-scored, linear logits per cluster. */
export interface LogisticHeadModel {
  kind: 'logistic';
  l2: number;
  /** Generator of each logit row (one row per enrolled cluster, or per generator with "logistic-per-generator"). */
  generators: string[];
  mean: number[];
  scale: number[];
  weights: number[][];
  bias: number[];
}

const HEAD_L2 = 1e-2;
/**
 * A cap, not a budget: L-BFGS stops on its convergence tests first (the zoo head: 360–383
 * iterations). The objective is strictly convex (L2 > 0), so a converged head is the same whatever
 * the order of the references; stopped at 100 iterations it was not. (That is not what separates
 * the benchmark's zoo figure from run-zoo-fit's on the same fingerprints: converged, they still
 * read 0.974 and 0.982 for the head.)
 */
const HEAD_ITERATIONS = 1000;

/**
 * The blended ranking: D_g = alpha · headScale · (−log p_head(g)) + (1 − alpha) · distanceScale · d_g,
 * d_g the nearest-cluster distance; the scales are the temperatures each rule gets alone on the
 * held-out folds (so both terms are in units of held-out log-likelihood), alpha the grid value
 * with the lowest held-out negative log-likelihood.
 */
export interface BlendModel {
  alpha: number;
  headScale: number;
  distanceScale: number;
  /** Held-out NLL per alpha on the grid (clean and processed copies weighted alike), for the record. */
  heldOutNll: { alpha: number; nll: number }[];
}

const BLEND_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** Everything fitted: plain JSON, reproducible, identified by the SHA-256 of its canonical JSON. */
export interface LibraryModel {
  format: 'causalprint-library-model/2';
  packId: string;
  packVersion: string;
  spaces: SpaceModel[];
  /** Enrolled clusters; a generator's score is its nearest cluster's. */
  classes: ClusterModel[];
  /** Present with the logistic head; absent when generators are ranked by nearest-cluster distance. */
  head?: LogisticHeadModel;
  /** Present with head "blend": how the head's and the clusters' rankings are mixed. */
  blend?: BlendModel;
  calibration: { temperature: number; folds: number; heldOut: number; heldOutAccuracy: number; heldOutNll: number };
  unknown: { threshold: number; falseUnknownRate: number; heldOutKnown: number };
  options: { weighting: 'fdr' | 'equal'; head: HeadKind; projection: SpaceProjectionOptions };
  hash: string;
}

type CoreModel = Pick<LibraryModel, 'spaces' | 'classes' | 'head' | 'blend'>;

/**
 * Fits the library model from enrolled references: per-space projection (standardise, PCA,
 * causal decoupling, whitening), Fisher-ratio weights, class centres, a softmax temperature and
 * an open-set threshold fitted by internal cross-validation (held-out references only).
 */
export async function fitLibraryModel(refs: readonly LibraryReference[], options: LibraryModelOptions = {}): Promise<LibraryModel> {
  const labels = [...new Set(refs.map((r) => r.generatorId))].sort();
  if (labels.length < 2) throw new CausalPrintError('VALIDATION', 'A library model needs references of at least two generators.');
  const spaceIds = options.spaces ?? Object.keys(refs[0]!.fingerprint.spaces).filter((s) => refs.every((r) => r.fingerprint.spaces[s]));
  if (spaceIds.length === 0) throw new CausalPrintError('VALIDATION', 'The references share no embedding space.');
  // Decided once on all references, so the calibration folds fit the same kind of model.
  const headKind = resolveHead(options.head ?? DEFAULT_HEAD, refs);
  // Head "auto" also picks the weighting that suits the rule it chose (unless the caller set one):
  // label-balanced estimates for the head and the blend, sample weighting for the nearest cluster
  // alone (dev set: 0.866 vs 0.821 label-balanced; few-shot k = 5 / 10: 0.743 / 0.792 vs 0.711 / 0.751).
  const autoBalance = (options.head ?? DEFAULT_HEAD) === 'auto' && options.projection?.balance === undefined && headKind === 'nearest-cluster';
  const projection: SpaceProjectionOptions = { ...DEFAULT_PROJECTION, ...options.projection, ...(autoBalance ? { balance: 'sample' as const } : {}) };
  const weighting = options.weighting ?? 'fdr';
  const clusters = projection.clusters;
  const withIds = refs.map((r, i) => ({ ...r, imageId: r.imageId ?? `ref-${i}` }));
  const folds = Math.max(2, options.calibrationFolds ?? 3);
  const foldOf = assignFolds(withIds, folds);

  // Held-out "distances" per generator: to the nearest cluster, or −log p from the logistic head
  // (with "blend" both, for the references as delivered and their processed copies).
  const heldOutScores: HeldOutScores[] = [];
  for (let f = 0; f < folds; f++) {
    const train = withIds.filter((r) => foldOf.get(r.imageId) !== f);
    const test = withIds.filter((r) => foldOf.get(r.imageId) === f && (headKind === 'blend' || r.processing === undefined));
    if (test.length === 0 || new Set(train.map((r) => r.generatorId)).size < 2) continue;
    const core = await fitCore(train, spaceIds, projection, weighting, clusters, headKind);
    for (const r of test) {
      const total = distances(core, r.fingerprint.spaces).total;
      heldOutScores.push({
        label: r.generatorId,
        processed: r.processing !== undefined,
        clusters: total,
        head: core.head ? headRanking(core.head, fusedCoordinates(core, r.fingerprint.spaces, false)) : null,
        nearest: Math.min(...Object.values(total)),
      });
    }
  }
  const fitted = await fitCore(withIds, spaceIds, projection, weighting, clusters, headKind);
  const blend = headKind === 'blend' ? fitBlend(heldOutScores) : undefined;
  const core: CoreModel = blend ? { ...fitted, blend } : fitted;
  const heldOut = heldOutScores
    .filter((h) => !h.processed)
    .map((h) => ({ label: h.label, nearest: h.nearest, distances: blend ? blended(blend, h.head!, h.clusters) : (h.head ?? h.clusters) }));
  const temperature = fitTemperature(heldOut);
  const falseUnknownRate = options.falseUnknownRate ?? 0.05;
  const nearest = heldOut.map((h) => h.nearest).sort((a, b) => a - b);
  const threshold = nearest.length > 0 ? quantile(nearest, 1 - falseUnknownRate) : Number.POSITIVE_INFINITY;
  const correct = heldOut.filter((h) => argmin(h.distances) === h.label).length;
  const body: Omit<LibraryModel, 'hash'> = {
    format: 'causalprint-library-model/2',
    packId: options.packId ?? 'unknown-pack',
    packVersion: options.packVersion ?? '0',
    spaces: core.spaces,
    classes: core.classes,
    ...(core.head ? { head: core.head } : {}),
    ...(core.blend ? { blend: core.blend } : {}),
    calibration: {
      temperature,
      folds,
      heldOut: heldOut.length,
      heldOutAccuracy: heldOut.length ? correct / heldOut.length : 0,
      heldOutNll: nll(heldOut, temperature),
    },
    unknown: { threshold, falseUnknownRate, heldOutKnown: nearest.length },
    options: { weighting, head: headKind, projection },
  };
  return { ...body, hash: hashModel(body) };
}

/** SHA-256 of the canonical JSON (RFC 8785) of the model without its hash. */
export function hashModel(model: Omit<LibraryModel, 'hash'> | LibraryModel): string {
  const { hash: _hash, ...body } = model as LibraryModel;
  const text = canonicalize(body);
  if (text === undefined) throw new CausalPrintError('INTERNAL', 'The library model cannot be serialised.');
  return createHash('sha256').update(text).digest('hex');
}

async function fitCore(
  refs: readonly (LibraryReference & { imageId: string })[],
  spaceIds: string[],
  projection: SpaceProjectionOptions,
  weighting: 'fdr' | 'equal',
  clustering: 'processing' | 'generator',
  headKind: HeadKind = 'nearest-cluster',
): Promise<CoreModel> {
  const conditionOf = (r: LibraryReference) => (clustering === 'generator' ? 'all' : (r.processing ?? AS_DELIVERED));
  const clusterKey = (r: LibraryReference) => `${r.generatorId}\u0000${conditionOf(r)}`;
  const fitted = spaceIds.map((spaceId) => {
    const samples: SpaceSample[] = refs.map((r) => ({
      x: requireSpace(r.fingerprint, spaceId),
      label: r.generatorId,
      imageId: r.imageId,
      cluster: clusterKey(r),
      ...(r.contentId !== undefined ? { contentId: r.contentId } : {}),
      ...(r.processing !== undefined ? { processing: r.processing } : {}),
    }));
    return fitSpaceProjection(spaceId, samples, projection);
  });
  const meanFdr = fitted.reduce((a, s) => a + s.fdr, 0) / fitted.length;
  const spaces: SpaceModel[] = fitted.map((s) => ({ ...s, weight: weighting === 'equal' || meanFdr <= 0 ? 1 : s.fdr / meanFdr }));
  const keys = [...new Set(refs.map(clusterKey))].sort();
  const classes = keys.map((key) => {
    const members = refs.filter((r) => clusterKey(r) === key);
    const means: Record<string, number[]> = {};
    for (const space of spaces) {
      const sum = new Float64Array(space.transform.length);
      for (const m of members) projectSpace(space, requireSpace(m.fingerprint, space.spaceId)).forEach((v, i) => (sum[i]! += v));
      means[space.spaceId] = Array.from(sum, (v) => v / members.length);
    }
    return { generatorId: members[0]!.generatorId, condition: conditionOf(members[0]!), references: members.length, means };
  });
  for (const space of spaces) space.clusterSpan = spanOfCentres(classes.map((c) => c.means[space.spaceId]!));
  if (headKind === 'nearest-cluster') return { spaces, classes };
  // "logistic" and "blend" fit one class per cluster.
  const rows = refs.map((r) => fusedCoordinates({ spaces }, r.fingerprint.spaces, false));
  const standardiser = fitStandardiser(rows);
  // The objective runs in onnxruntime's matrix kernels (≈ 25× the JavaScript loops at library sizes, same optimum).
  const regression = await fitLogisticRegressionOnnx(
    computeKernel('softmax-regression-objective'),
    rows.map((row) => standardise(standardiser, row)),
    refs.map((r) => (headKind === 'logistic-per-generator' ? r.generatorId : clusterKey(r))),
    { l2: HEAD_L2, maxIterations: HEAD_ITERATIONS },
  );
  const head: LogisticHeadModel = {
    kind: 'logistic',
    l2: HEAD_L2,
    generators: regression.classes.map((key) => key.split('\u0000')[0]!),
    mean: Array.from(standardiser.mean),
    scale: Array.from(standardiser.scale),
    weights: regression.classes.map((_, c) => Array.from(regression.weights.subarray(c * regression.dims, (c + 1) * regression.dims))),
    bias: Array.from(regression.bias),
  };
  return { spaces, classes, head };
}

/** Per generator: the distance the ranking uses (nearest cluster), −log p(generator) from the logistic head, or their blend. */
function rankingDistances(model: CoreModel, vectors: Record<string, ArrayLike<number>>, nearestCluster: () => Record<string, number>): Record<string, number> {
  if (!model.head) return nearestCluster();
  const head = headRanking(model.head, fusedCoordinates(model, vectors, false));
  return model.blend ? blended(model.blend, head, nearestCluster()) : head;
}

interface HeldOutScores {
  label: string;
  processed: boolean;
  /** Nearest-cluster distance per generator. */
  clusters: Record<string, number>;
  /** −log p per generator from the head (null without one). */
  head: Record<string, number> | null;
  nearest: number;
}

/** The blended ranking distance per generator (see BlendModel). */
function blended(blend: BlendModel, head: Record<string, number>, clusters: Record<string, number>): Record<string, number> {
  const { alpha, headScale, distanceScale } = blend;
  return Object.fromEntries(Object.keys(clusters).map((g) => [g, alpha * headScale * (head[g] ?? 0) + (1 - alpha) * distanceScale * clusters[g]!]));
}

/**
 * Chooses the blend weight on held-out references: each rule's own temperature on the references
 * as delivered sets its scale; then for every alpha on the grid the blended ranking gets its own
 * temperature, and the alpha with the lowest mean of the held-out NLL as delivered and over the
 * processed copies wins (ties: the larger alpha, the discriminative rule).
 */
function fitBlend(heldOut: readonly HeldOutScores[]): BlendModel {
  const clean = heldOut.filter((h) => !h.processed);
  const processed = heldOut.filter((h) => h.processed);
  const headScale = fitTemperature(clean.map((h) => ({ label: h.label, distances: h.head! })));
  const distanceScale = fitTemperature(clean.map((h) => ({ label: h.label, distances: h.clusters })));
  const scored = BLEND_GRID.map((alpha) => {
    const trial = { alpha, headScale, distanceScale, heldOutNll: [] };
    const rows = (set: readonly HeldOutScores[]) => set.map((h) => ({ label: h.label, distances: blended(trial, h.head!, h.clusters) }));
    const t = fitTemperature(rows(clean));
    const value = processed.length > 0 ? (nll(rows(clean), t) + nll(rows(processed), t)) / 2 : nll(rows(clean), t);
    return { alpha, nll: value };
  });
  const best = scored.reduce((a, b) => (b.nll <= a.nll ? b : a));
  return { alpha: best.alpha, headScale, distanceScale, heldOutNll: scored.map((s) => ({ alpha: s.alpha, nll: Number(s.nll.toFixed(6)) })) };
}

/** −log p(generator) from the logistic head, given the fused coordinates F (outside the cluster span). */
function headRanking(head: LogisticHeadModel, fused: ArrayLike<number>): Record<string, number> {
  const p = headProbabilities(head, fused);
  return Object.fromEntries(Object.entries(p).map(([g, v]) => [g, -Math.log(Math.max(1e-300, v))]));
}

/** The head in typed form, built once per head object (an attribution scores the image and each of its patches). */
const typedHeads = new WeakMap<LogisticHeadModel, { standardiser: Standardiser; model: LogisticModel }>();

function typedHead(head: LogisticHeadModel): { standardiser: Standardiser; model: LogisticModel } {
  let typed = typedHeads.get(head);
  if (!typed) {
    typed = {
      standardiser: { mean: Float64Array.from(head.mean), scale: Float64Array.from(head.scale) },
      model: { classes: head.generators, dims: head.mean.length, weights: Float64Array.from(head.weights.flat()), bias: Float64Array.from(head.bias) },
    };
    typedHeads.set(head, typed);
  }
  return typed;
}

function headProbabilities(head: LogisticHeadModel, f: ArrayLike<number>): Record<string, number> {
  const typed = typedHead(head);
  const raw = logits(typed.model, standardise(typed.standardiser, f));
  const max = Math.max(...raw);
  let total = 0;
  const out: Record<string, number> = {};
  raw.forEach((v, c) => {
    const e = Math.exp(v - max);
    total += e;
    out[head.generators[c]!] = (out[head.generators[c]!] ?? 0) + e;
  });
  for (const g of Object.keys(out)) out[g]! /= total;
  return out;
}

function requireSpace(fp: Pick<FingerprintVectors, 'spaces'>, spaceId: string): Float32Array {
  const v = fp.spaces[spaceId];
  if (!v) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${spaceId}" space the library model uses.`);
  return v;
}

/**
 * Weighted per-dimension squared distances to every enrolled cluster, reduced per generator to its
 * nearest cluster: in total and, for that cluster, per space.
 */
export function distances(model: CoreModel, vectors: Record<string, ArrayLike<number>>): { total: Record<string, number>; perSpace: Record<string, Record<string, number>> } {
  const clusterTotal = new Float64Array(model.classes.length);
  const clusterPerSpace = model.spaces.map(() => new Float64Array(model.classes.length));
  const spaceCount = Math.max(1, model.spaces.length);
  model.spaces.forEach((space, s) => {
    const x = vectors[space.spaceId];
    if (!x) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${space.spaceId}" space the library model uses.`);
    const z = projectSpace(space, x);
    model.classes.forEach((c, i) => {
      const d = (space.weight * squaredDistance(z, c.means[space.spaceId]!)) / Math.max(1, z.length);
      clusterPerSpace[s]![i] = d;
      clusterTotal[i]! += d / spaceCount;
    });
  });
  const nearest = new Map<string, number>();
  model.classes.forEach((c, i) => {
    const best = nearest.get(c.generatorId);
    if (best === undefined || clusterTotal[i]! < clusterTotal[best]!) nearest.set(c.generatorId, i);
  });
  const total: Record<string, number> = {};
  const perSpace: Record<string, Record<string, number>> = {};
  for (const [generatorId, i] of nearest) total[generatorId] = clusterTotal[i]!;
  model.spaces.forEach((space, s) => {
    perSpace[space.spaceId] = Object.fromEntries([...nearest].map(([generatorId, i]) => [generatorId, clusterPerSpace[s]![i]!]));
  });
  return { total, perSpace };
}

/** Attributes one fingerprint: ranked generators with calibrated probabilities, the open-set decision, per-space and per-patch evidence. */
export function attribute(model: LibraryModel, fingerprint: FingerprintVectors): Attribution {
  const { total, perSpace } = distances(model, fingerprint.spaces);
  const head = model.head;
  // Under the head the image's fused coordinates serve both the ranking and the per-space shares.
  const fused = head ? fusedCoordinates(model, fingerprint.spaces, false) : null;
  const headRanked = head && fused ? headRanking(head, fused) : null;
  const ranking = headRanked ? (model.blend ? blended(model.blend, headRanked, total) : headRanked) : total;
  const probabilities = softmax(ranking, model.calibration.temperature);
  const ranked = Object.keys(ranking)
    .map((generatorId) => ({ generatorId, score: -ranking[generatorId]!, probability: probabilities[generatorId]! }))
    .sort((a, b) => b.score - a.score || (a.generatorId < b.generatorId ? -1 : 1));
  const unknownScore = Math.min(...Object.values(total));
  const distanceShares = () => Object.fromEntries(Object.entries(perSpace).map(([space, row]) => [space, Object.fromEntries(Object.entries(row).map(([g, d]) => [g, -d / Math.max(1, model.spaces.length)]))]));
  const spaceScores = !head || !fused
    ? distanceShares()
    : model.blend
      ? blendedContributions(model.blend, headContributions(model.spaces, head, fused), distanceShares())
      : headContributions(model.spaces, head, fused);
  const perPatch = fingerprint.perPatch.map((patch) => {
    // Under the head alone a patch needs no cluster distances (its unknown score is not reported).
    const d = rankingDistances(model, patch.spaces, () => distances(model, patch.spaces).total);
    const p = softmax(d, model.calibration.temperature);
    const top = argmin(d);
    return { box: patch.box, topGeneratorId: top, score: p[top]! };
  });
  return {
    ranked,
    unknown: unknownScore > model.unknown.threshold,
    unknownScore,
    unknownThreshold: model.unknown.threshold,
    perSpace: spaceScores,
    perSpaceKind: !head ? 'distance' : model.blend ? 'score' : 'logit',
    perPatch,
  };
}

/**
 * What each space contributes to the logistic head's decision: for every generator, the part of its
 * best cluster's logit (the cluster the head ranks highest for it) that comes from the space's
 * coordinates of F, centred over generators so that 0 = the space does not tell this generator
 * apart from the average one. The biases belong to no space and are left out.
 */
function headContributions(spaces: readonly SpaceModel[], head: LogisticHeadModel, fused: ArrayLike<number>): Record<string, Record<string, number>> {
  const z = standardise(typedHead(head).standardiser, fused);
  const segments: { spaceId: string; start: number; end: number }[] = [];
  let offset = 0;
  for (const space of spaces) {
    segments.push({ spaceId: space.spaceId, start: offset, end: offset + space.transform.length });
    offset += space.transform.length;
  }
  const parts = head.weights.map((w) => segments.map(({ start, end }) => {
    let sum = 0;
    for (let j = start; j < end; j++) sum += w[j]! * z[j]!;
    return sum;
  }));
  const logit = parts.map((p, c) => head.bias[c]! + p.reduce((a, v) => a + v, 0));
  const best = new Map<string, number>();
  head.generators.forEach((g, c) => {
    const current = best.get(g);
    if (current === undefined || logit[c]! > logit[current]!) best.set(g, c);
  });
  const out: Record<string, Record<string, number>> = {};
  segments.forEach(({ spaceId }, s) => {
    const values = [...best].map(([g, c]) => [g, parts[c]![s]!] as const);
    const mean = values.reduce((a, [, v]) => a + v, 0) / values.length;
    out[spaceId] = Object.fromEntries(values.map(([g, v]) => [g, v - mean]));
  });
  return out;
}

/**
 * Per-space evidence under the blend: alpha · headScale · (the space's centred logit share) +
 * (1 − alpha) · distanceScale · (its −distance share, centred over generators) — how the blended
 * score's difference between generators splits over spaces (the head's part up to its log-sum-exp
 * over clusters).
 */
function blendedContributions(
  blend: BlendModel,
  head: Record<string, Record<string, number>>,
  distance: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  const { alpha, headScale, distanceScale } = blend;
  return Object.fromEntries(Object.entries(distance).map(([spaceId, row]) => {
    const values = Object.values(row);
    const mean = values.reduce((a, v) => a + v, 0) / Math.max(1, values.length);
    return [spaceId, Object.fromEntries(Object.entries(row).map(([g, d]) => [g, alpha * headScale * (head[spaceId]?.[g] ?? 0) + (1 - alpha) * distanceScale * (d - mean)]))];
  }));
}

function softmax(distancesByClass: Record<string, number>, temperature: number): Record<string, number> {
  const entries = Object.entries(distancesByClass);
  const best = Math.min(...entries.map(([, d]) => d));
  const weights = entries.map(([g, d]) => [g, Math.exp(-temperature * (d - best))] as const);
  const total = weights.reduce((a, [, w]) => a + w, 0);
  return Object.fromEntries(weights.map(([g, w]) => [g, w / total]));
}

function nll(heldOut: { label: string; distances: Record<string, number> }[], temperature: number): number {
  if (heldOut.length === 0) return 0;
  let total = 0;
  for (const h of heldOut) total -= Math.log(Math.max(1e-12, softmax(h.distances, temperature)[h.label] ?? 1e-12));
  return total / heldOut.length;
}

/** Temperature minimising the held-out negative log-likelihood (log-spaced search, then refinement). */
function fitTemperature(heldOut: { label: string; distances: Record<string, number> }[]): number {
  if (heldOut.length === 0) return 1;
  let best = 1;
  let bestNll = Number.POSITIVE_INFINITY;
  for (let e = -3; e <= 3.0001; e += 0.05) {
    const t = 10 ** e;
    const value = nll(heldOut, t);
    if (value < bestNll) [best, bestNll] = [t, value];
  }
  for (let step = 0.025; step > 1e-4; step /= 2) {
    for (const t of [best * 10 ** -step, best * 10 ** step]) {
      const value = nll(heldOut, t);
      if (value < bestNll) [best, bestNll] = [t, value];
    }
  }
  return best;
}

function argmin(values: Record<string, number>): string {
  let best = '';
  let bestValue = Number.POSITIVE_INFINITY;
  for (const key of Object.keys(values).sort()) {
    if (values[key]! < bestValue) [best, bestValue] = [key, values[key]!];
  }
  return best;
}

function quantile(sorted: number[], q: number): number {
  const position = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** Stratified folds over images (a processed copy follows its original): sorted ids, round robin per generator. */
function assignFolds(refs: readonly (LibraryReference & { imageId: string })[], folds: number): Map<string, number> {
  const byLabel = new Map<string, Set<string>>();
  for (const r of refs) byLabel.set(r.generatorId, (byLabel.get(r.generatorId) ?? new Set()).add(r.imageId));
  const out = new Map<string, number>();
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    [...byLabel.get(label)!].sort().forEach((id, i) => {
      if (!out.has(id)) out.set(id, (i + offset) % folds);
    });
    offset += byLabel.get(label)!.size;
  }
  return out;
}

/**
 * The fused causal fingerprint F: in every space the decoupled, whitened coordinates inside the span
 * of the enrolled cluster centres (what attribution ranks on), scaled by √(w_s / k_s), concatenated.
 */
export function embedFingerprint(model: Pick<LibraryModel, 'spaces'>, vectors: Record<string, ArrayLike<number>>): Float32Array {
  return fusedCoordinates(model, vectors, true);
}

/** Every space's output coordinates (inside the cluster span when asked and fitted), weighted and concatenated. */
function fusedCoordinates(model: Pick<LibraryModel, 'spaces'>, vectors: Record<string, ArrayLike<number>>, inClusterSpan: boolean): Float32Array {
  const parts = model.spaces.map((space) => {
    const x = vectors[space.spaceId];
    if (!x) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${space.spaceId}" space the library model uses.`);
    const z = projectSpace(space, x);
    const factor = Math.sqrt(space.weight / Math.max(1, z.length) / model.spaces.length);
    const coordinates = inClusterSpan && space.clusterSpan ? space.clusterSpan.map((row) => row.reduce((a, v, j) => a + v * z[j]!, 0)) : Array.from(z);
    return coordinates.map((v) => v * factor);
  });
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Orthonormal basis (rows) of the span of the centres minus their mean (ml-matrix eigen-decomposition of their scatter). */
function spanOfCentres(centres: number[][]): number[][] {
  const k = centres[0]?.length ?? 0;
  if (centres.length < 2 || k === 0) return [];
  const centre = meanOf(centres, k);
  const eig = symmetricEigen(scatterOf(centres.map((c) => c.map((v, j) => v - centre[j]!)), k));
  const top = eig.values[0] ?? 0;
  return eig.vectors.filter((_, i) => eig.values[i]! > 1e-10 * top);
}
