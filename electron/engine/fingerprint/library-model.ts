import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CausalPrintError } from '../../contract/errors.js';
import type { Attribution, FingerprintVectors, LibraryReference } from './fingerprint-types.js';
import { fitSpaceProjection, projectSpace, type SpaceProjection, type SpaceProjectionOptions, type SpaceSample } from './space-projection.js';
import { squaredDistance } from './linalg.js';

export interface LibraryModelOptions {
  /** Spaces used (default: every space present in all references). */
  spaces?: string[];
  /** Share of known references allowed to be called unknown (sets the open-set threshold). */
  falseUnknownRate?: number;
  /** Folds of the internal cross-validation that fits temperature and threshold. */
  calibrationFolds?: number;
  /** Space weights from each space's Fisher ratio ("fdr") or all equal ("equal"). */
  weighting?: 'fdr' | 'equal';
  projection?: Partial<SpaceProjectionOptions>;
  packId?: string;
  packVersion?: string;
}

export const DEFAULT_PROJECTION: SpaceProjectionOptions = {
  maxComponents: 96,
  maxPcaSamples: 500,
  nuisanceRatio: 1,
  // Measured on the dev set (plain 5-fold): removing every nuisance-dominated direction (share 0.5,
  // up to half the components) cost 9 points clean for 3 points after JPEG; this conservative
  // setting keeps the JPEG gain for 2 points clean (electron/engine/analysis/run-real-generators-cv.ts).
  nuisanceShare: 0.8,
  maxRemovedShare: 0.1,
  shrinkage: 'ledoit-wolf',
  decouple: true,
};

export interface SpaceModel extends SpaceProjection {
  weight: number;
}

/** Everything fitted: plain JSON, reproducible, identified by the SHA-256 of its canonical JSON. */
export interface LibraryModel {
  format: 'causalprint-library-model/1';
  packId: string;
  packVersion: string;
  spaces: SpaceModel[];
  classes: { generatorId: string; references: number; means: Record<string, number[]> }[];
  calibration: { temperature: number; folds: number; heldOut: number; heldOutAccuracy: number; heldOutNll: number };
  unknown: { threshold: number; falseUnknownRate: number; heldOutKnown: number };
  options: { weighting: 'fdr' | 'equal'; projection: SpaceProjectionOptions };
  hash: string;
}

type CoreModel = Pick<LibraryModel, 'spaces' | 'classes'>;

/**
 * Fits the library model from enrolled references: per-space projection (standardise, PCA,
 * causal decoupling, whitening), Fisher-ratio weights, class centres, a softmax temperature and
 * an open-set threshold fitted by internal cross-validation (held-out references only).
 */
export function fitLibraryModel(refs: readonly LibraryReference[], options: LibraryModelOptions = {}): LibraryModel {
  const labels = [...new Set(refs.map((r) => r.generatorId))].sort();
  if (labels.length < 2) throw new CausalPrintError('VALIDATION', 'A library model needs references of at least two generators.');
  const spaceIds = options.spaces ?? Object.keys(refs[0]!.fingerprint.spaces).filter((s) => refs.every((r) => r.fingerprint.spaces[s]));
  if (spaceIds.length === 0) throw new CausalPrintError('VALIDATION', 'The references share no embedding space.');
  const projection = { ...DEFAULT_PROJECTION, ...options.projection };
  const weighting = options.weighting ?? 'fdr';
  const withIds = refs.map((r, i) => ({ ...r, imageId: r.imageId ?? `ref-${i}` }));
  const folds = Math.max(2, options.calibrationFolds ?? 3);
  const foldOf = assignFolds(withIds, folds);

  const heldOut: { label: string; distances: Record<string, number> }[] = [];
  for (let f = 0; f < folds; f++) {
    const train = withIds.filter((r) => foldOf.get(r.imageId) !== f);
    const test = withIds.filter((r) => foldOf.get(r.imageId) === f && r.processing === undefined);
    if (test.length === 0 || new Set(train.map((r) => r.generatorId)).size < 2) continue;
    const core = fitCore(train, spaceIds, projection, weighting);
    for (const r of test) heldOut.push({ label: r.generatorId, distances: distances(core, r.fingerprint.spaces).total });
  }
  const core = fitCore(withIds, spaceIds, projection, weighting);
  const temperature = fitTemperature(heldOut);
  const falseUnknownRate = options.falseUnknownRate ?? 0.05;
  const nearest = heldOut.map((h) => Math.min(...Object.values(h.distances))).sort((a, b) => a - b);
  const threshold = nearest.length > 0 ? quantile(nearest, 1 - falseUnknownRate) : Number.POSITIVE_INFINITY;
  const correct = heldOut.filter((h) => argmin(h.distances) === h.label).length;
  const body: Omit<LibraryModel, 'hash'> = {
    format: 'causalprint-library-model/1',
    packId: options.packId ?? 'unknown-pack',
    packVersion: options.packVersion ?? '0',
    spaces: core.spaces,
    classes: core.classes,
    calibration: {
      temperature,
      folds,
      heldOut: heldOut.length,
      heldOutAccuracy: heldOut.length ? correct / heldOut.length : 0,
      heldOutNll: nll(heldOut, temperature),
    },
    unknown: { threshold, falseUnknownRate, heldOutKnown: nearest.length },
    options: { weighting, projection },
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

function fitCore(refs: readonly (LibraryReference & { imageId: string })[], spaceIds: string[], projection: SpaceProjectionOptions, weighting: 'fdr' | 'equal'): CoreModel {
  const fitted = spaceIds.map((spaceId) => {
    const samples: SpaceSample[] = refs.map((r) => ({
      x: requireSpace(r.fingerprint, spaceId),
      label: r.generatorId,
      imageId: r.imageId,
      ...(r.contentId !== undefined ? { contentId: r.contentId } : {}),
      ...(r.processing !== undefined ? { processing: r.processing } : {}),
    }));
    return fitSpaceProjection(spaceId, samples, projection);
  });
  const meanFdr = fitted.reduce((a, s) => a + s.fdr, 0) / fitted.length;
  const spaces: SpaceModel[] = fitted.map((s) => ({ ...s, weight: weighting === 'equal' || meanFdr <= 0 ? 1 : s.fdr / meanFdr }));
  const labels = [...new Set(refs.map((r) => r.generatorId))].sort();
  const classes = labels.map((generatorId) => {
    const members = refs.filter((r) => r.generatorId === generatorId);
    const means: Record<string, number[]> = {};
    for (const space of spaces) {
      const sum = new Float64Array(space.transform.length);
      for (const m of members) projectSpace(space, requireSpace(m.fingerprint, space.spaceId)).forEach((v, i) => (sum[i]! += v));
      means[space.spaceId] = Array.from(sum, (v) => v / members.length);
    }
    return { generatorId, references: members.filter((m) => m.processing === undefined).length, means };
  });
  return { spaces, classes };
}

function requireSpace(fp: Pick<FingerprintVectors, 'spaces'>, spaceId: string): Float32Array {
  const v = fp.spaces[spaceId];
  if (!v) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${spaceId}" space the library model uses.`);
  return v;
}

/** Weighted per-dimension squared distances to every class centre, in total and per space. */
export function distances(model: CoreModel, vectors: Record<string, ArrayLike<number>>): { total: Record<string, number>; perSpace: Record<string, Record<string, number>> } {
  const total: Record<string, number> = {};
  const perSpace: Record<string, Record<string, number>> = {};
  for (const c of model.classes) total[c.generatorId] = 0;
  for (const space of model.spaces) {
    const x = vectors[space.spaceId];
    if (!x) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${space.spaceId}" space the library model uses.`);
    const z = projectSpace(space, x);
    const row: Record<string, number> = {};
    for (const c of model.classes) {
      const d = (space.weight * squaredDistance(z, c.means[space.spaceId]!)) / Math.max(1, z.length);
      row[c.generatorId] = d;
      total[c.generatorId]! += d;
    }
    perSpace[space.spaceId] = row;
  }
  const spaceCount = Math.max(1, model.spaces.length);
  for (const key of Object.keys(total)) total[key]! /= spaceCount;
  return { total, perSpace };
}

/** Attributes one fingerprint: ranked generators with calibrated probabilities, the open-set decision, per-space and per-patch evidence. */
export function attribute(model: LibraryModel, fingerprint: FingerprintVectors): Attribution {
  const { total, perSpace } = distances(model, fingerprint.spaces);
  const probabilities = softmax(total, model.calibration.temperature);
  const ranked = Object.keys(total)
    .map((generatorId) => ({ generatorId, score: -total[generatorId]!, probability: probabilities[generatorId]! }))
    .sort((a, b) => b.score - a.score || (a.generatorId < b.generatorId ? -1 : 1));
  const unknownScore = -ranked[0]!.score;
  const spaceScores: Record<string, Record<string, number>> = {};
  for (const [space, row] of Object.entries(perSpace)) {
    spaceScores[space] = Object.fromEntries(Object.entries(row).map(([g, d]) => [g, -d / Math.max(1, model.spaces.length)]));
  }
  const perPatch = fingerprint.perPatch.map((patch) => {
    const d = distances(model, patch.spaces).total;
    const p = softmax(d, model.calibration.temperature);
    const top = argmin(d);
    return { box: patch.box, topGeneratorId: top, score: p[top]! };
  });
  return { ranked, unknown: unknownScore > model.unknown.threshold, unknownScore, unknownThreshold: model.unknown.threshold, perSpace: spaceScores, perPatch };
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

/** The fused causal fingerprint F: every space's decoupled, whitened coordinates scaled by √(w_s / k_s), concatenated. */
export function embedFingerprint(model: Pick<LibraryModel, 'spaces'>, vectors: Record<string, ArrayLike<number>>): Float32Array {
  const parts = model.spaces.map((space) => {
    const x = vectors[space.spaceId];
    if (!x) throw new CausalPrintError('VALIDATION', `A fingerprint lacks the "${space.spaceId}" space the library model uses.`);
    const z = projectSpace(space, x);
    const factor = Math.sqrt(space.weight / Math.max(1, z.length) / model.spaces.length);
    return z.map((v) => v * factor);
  });
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
