import { Matrix } from 'ml-matrix';
import { gramOf, meanOf, scatterOf, squaredDistance, symmetricEigen, trace } from './linalg.js';

/** One training vector of one space, with what the decoupling needs to know about it. */
export interface SpaceSample {
  x: ArrayLike<number>;
  label: string;
  /** Same for an image and its processed copies. */
  imageId: string;
  /** Same for renders of the same photo by different generators. */
  contentId?: string;
  /** Set on a processed copy (e.g. "jpeg-75"); absent on the image as delivered. */
  processing?: string;
  /**
   * The enrolled cluster the sample belongs to (default: its label). With processing-conditioned
   * clusters (generator × processing), the within scatter that whitening inverts is measured inside
   * each cluster, so processing shifts no longer inflate it; between-generator scatter still uses labels.
   */
  cluster?: string;
}

export interface SpaceProjectionOptions {
  /** Most principal components kept before decoupling. */
  maxComponents: number;
  /** Most samples used to find the principal components (deterministic subsample). */
  maxPcaSamples: number;
  /** Remove a nuisance direction when nuisance variance along it exceeds this × between-class variance. */
  nuisanceRatio: number;
  /** …and only when nuisance variance along it exceeds this share of the within-class variance along it. */
  nuisanceShare: number;
  /** Most nuisance directions removed (share of the components). */
  maxRemovedShare: number;
  /** Shrinkage of the within-class covariance towards its mean eigenvalue (0..1), or Ledoit–Wolf's estimate. */
  shrinkage: number | 'ledoit-wolf';
  /** Whether to project nuisance directions out at all (ablation). */
  decouple: boolean;
  /**
   * Enrolled clusters: one per generator and processing condition ("processing": the image as
   * delivered and each do(processing) copy form their own cluster, and the within scatter that
   * whitening inverts is measured inside clusters) or one per generator ("generator", the earlier
   * recipe). The library model scores a generator by its nearest cluster.
   */
  clusters: 'processing' | 'generator';
  /**
   * Content directions removed unconditionally, before the ratio-tested ones: the top-k
   * eigen-directions of the content scatter (per photo, the mean over the generators that rendered
   * it of the fingerprint minus its generator's mean), estimated from matched content. 0 or absent:
   * only the ratio-tested nuisance directions. Not counted in maxRemovedShare (which caps the
   * ratio-tested ones); at most one per photo of matched content.
   */
  contentDirections?: number;
  /**
   * Whether processing shifts (processed copy − original) count as nuisance in the ratio-tested
   * decoupling (true when absent; the library model's DEFAULT_PROJECTION sets false). With processing-conditioned clusters the processing is enrolled
   * rather than removed, so its directions may be kept.
   */
  decoupleProcessing?: boolean;
  /**
   * How the standardisation, the principal components and the within scatter weigh the training
   * samples: every sample alike ("sample", when absent) or every label alike ("label": a sample
   * counts 1 / its label's size, and the principal components are found on an equal share of each
   * label's images), so a class with many more references (a real-camera class built from several
   * photo collections) does not spend the components and the whitening on its own spread.
   */
  balance?: 'sample' | 'label';
}

/** Fitted data of one space: z = transform · ((x − mean) / scale); Euclidean distance in z is Mahalanobis (shrunk). */
export interface SpaceProjection {
  spaceId: string;
  inputDim: number;
  mean: number[];
  scale: number[];
  /** Rows: output coordinates (whitened, nuisance-free), columns: standardised input. */
  transform: number[][];
  /** Fisher discriminant ratio tr(S_b)/tr(S_w) in the principal subspace (before decoupling). */
  fdr: number;
  /** Same ratio after decoupling and whitening, on the training data. */
  fdrAfter: number;
  /** Shrinkage intensity used for the within-class covariance. */
  shrinkage: number;
  decoupling: {
    components: number;
    removed: number;
    /** Share of the processing / content nuisance scatter the removed directions carried. */
    processingEnergyRemoved: number;
    contentEnergyRemoved: number;
    processingPairs: number;
    contentGroups: number;
  };
}

/** Standardises, reduces by PCA, projects out nuisance directions (content, processing) and whitens the within-class scatter. */
export function fitSpaceProjection(spaceId: string, samples: readonly SpaceSample[], options: SpaceProjectionOptions): SpaceProjection {
  const dim = samples[0]!.x.length;
  const weights = sampleWeights(samples, options.balance ?? 'sample');
  const mean = options.balance === 'label' ? weightedMean(samples, weights, dim) : meanOf(samples.map((s) => s.x), dim);
  const variance = new Array<number>(dim).fill(0);
  samples.forEach((s, i) => {
    for (let j = 0; j < dim; j++) variance[j]! += (weights[i]! * (s.x[j]! - mean[j]!) ** 2) / samples.length;
  });
  const floor = 1e-3 * (variance.reduce((a, b) => a + b, 0) / dim) + 1e-12;
  const scale = variance.map((v) => Math.sqrt(v + floor));
  const standardise = (x: ArrayLike<number>) => {
    const z = new Float64Array(dim);
    for (let j = 0; j < dim; j++) z[j] = (x[j]! - mean[j]!) / scale[j]!;
    return z;
  };

  const originals = samples.filter((s) => s.processing === undefined);
  const pcaPool = originals.length > 1 ? originals : samples;
  const pcaSamples = options.balance === 'label' ? spreadEvenlyPerLabel(pcaPool, options.maxPcaSamples) : spreadEvenly(pcaPool, options.maxPcaSamples);
  const pcaRows = pcaSamples.map((s) => standardise(s.x));
  const components = principalComponents(pcaRows, options.maxComponents);
  const typedComponents = components.map((c) => Float64Array.from(c));
  const reduce = (x: ArrayLike<number>) => {
    const z = standardise(x);
    return typedComponents.map((c) => dot(c, z));
  };
  const reduced = samples.map((s) => reduce(s.x));
  const k = components.length;
  const { within, between } = classScatter(samples, reduced, k, weights);
  const fdr = trace(between) / Math.max(1e-12, trace(within));

  const processingDeltas = processingDifferences(samples, reduced);
  const contentEffects = contentDifferences(samples, reduced, k);
  const Np = scatterOf(processingDeltas, k);
  const Nc = scatterOf(contentEffects, k);
  const contentRemoved = options.decouple ? topDirections(Nc, Math.min(options.contentDirections ?? 0, contentEffects.length)) : [];
  // Processing kept out of the nuisance when it is enrolled instead (its energy removed is still reported).
  const nuisance = options.decoupleProcessing === false ? Nc : Np.clone().add(Nc);
  const removedDirections = options.decouple
    ? [...contentRemoved, ...nuisanceDirections(withoutDirections(nuisance, contentRemoved, k), between, within, options, Math.floor(options.maxRemovedShare * k))]
    : [];
  const keep = complementBasis(removedDirections, k);

  const withinKept = new Matrix(keep).mmul(within).mmul(new Matrix(keep).transpose());
  const kk = keep.length;
  const keepMatrix = new Matrix(keep);
  const keepRows = typedRows(keepMatrix);
  const intensity =
    options.shrinkage === 'ledoit-wolf' ? ledoitWolfIntensity(withinDeviations(samples, reduced, k, weights).map((d) => applyMatrix(keepRows, d)), withinKept) : options.shrinkage;
  const shrunk = withinKept.mul(1 - intensity).add(Matrix.eye(kk).mul((intensity * trace(withinKept)) / kk));
  const eig = symmetricEigen(shrunk);
  const whiten = eig.vectors.map((v, i) => v.map((x) => x / Math.sqrt(Math.max(eig.values[i]!, 1e-12))));
  const toOutput = new Matrix(whiten).mmul(new Matrix(keep)).mmul(new Matrix(components));
  const transform = toOutput.to2DArray();

  const removedEnergy = (N: Matrix) => {
    const total = trace(N);
    if (total <= 0) return 0;
    return removedDirections.reduce((acc, u) => acc + quadratic(N, u), 0) / total;
  };
  const toWhitened = new Matrix(whiten).mmul(keepMatrix);
  const whitenedRows = typedRows(toWhitened);
  const outputs = reduced.map((y) => applyMatrix(whitenedRows, y));
  const after = classScatter(samples, outputs, kk, weights);
  return {
    spaceId,
    inputDim: dim,
    mean,
    scale,
    transform,
    fdr,
    fdrAfter: trace(after.between) / Math.max(1e-12, trace(after.within)),
    shrinkage: intensity,
    decoupling: {
      components: k,
      removed: removedDirections.length,
      processingEnergyRemoved: removedEnergy(Np),
      contentEnergyRemoved: removedEnergy(Nc),
      processingPairs: processingDeltas.length,
      contentGroups: contentEffects.length,
    },
  };
}

const typedTransforms = new WeakMap<SpaceProjection, Float64Array[]>();

/** z = transform · standardised(x). */
export function projectSpace(p: SpaceProjection, x: ArrayLike<number>): Float64Array {
  let rows = typedTransforms.get(p);
  if (!rows) {
    rows = p.transform.map((r) => Float64Array.from(r));
    typedTransforms.set(p, rows);
  }
  const z = new Float64Array(p.inputDim);
  for (let j = 0; j < p.inputDim; j++) z[j] = (x[j]! - p.mean[j]!) / p.scale[j]!;
  const out = new Float64Array(rows.length);
  rows.forEach((row, i) => (out[i] = dot(row, z)));
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function quadratic(M: Matrix, u: number[]): number {
  return dot(u, applyMatrix(M, u));
}

/** M's rows as typed arrays (ml-matrix's get() per entry is slow in the fit's inner loops). */
function typedRows(M: Matrix): Float64Array[] {
  return M.to2DArray().map((r) => Float64Array.from(r));
}

/** M·y for M given as typed rows. */
function applyMatrix(M: Matrix | readonly Float64Array[], y: ArrayLike<number>): number[] {
  const rows = M instanceof Matrix ? typedRows(M) : M;
  return rows.map((row) => dot(row, y));
}

function spreadEvenly<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  return Array.from({ length: k }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / k)]!);
}

/** Principal axes of the rows (already centred approximately) via the Gram matrix: cheap when samples < dimensions. */
function principalComponents(rows: Float64Array[], maxComponents: number): number[][] {
  const n = rows.length;
  const dim = rows[0]!.length;
  const centre = meanOf(rows, dim);
  const X = rows.map((r) => r.map((v, j) => v - centre[j]!));
  const eig = symmetricEigen(gramOf(X));
  const top = eig.values[0] ?? 0;
  const out: number[][] = [];
  for (let i = 0; i < Math.min(maxComponents, n - 1); i++) {
    const value = eig.values[i]!;
    if (!(value > 1e-9 * top)) break;
    // Principal axis = Xᵀu / ‖Xᵀu‖ for the Gram eigenvector u.
    const u = eig.vectors[i]!;
    const axis = new Float64Array(dim);
    for (let a = 0; a < n; a++) {
      const w = u[a]!;
      const row = X[a]!;
      for (let j = 0; j < dim; j++) axis[j]! += w * row[j]!;
    }
    const norm = Math.sqrt(axis.reduce((acc, v) => acc + v * v, 0));
    out.push(Array.from(axis, (v) => v / norm));
  }
  return out;
}

/** Per sample: 1 (every sample alike), or N / (labels × its label's size) (every label alike); they sum to N. */
function sampleWeights(samples: readonly SpaceSample[], balance: 'sample' | 'label'): number[] {
  if (balance === 'sample') return samples.map(() => 1);
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return samples.map((s) => samples.length / (counts.size * counts.get(s.label)!));
}

function weightedMean(samples: readonly SpaceSample[], weights: readonly number[], dim: number): number[] {
  const mean = new Array<number>(dim).fill(0);
  samples.forEach((s, i) => {
    for (let j = 0; j < dim; j++) mean[j]! += (weights[i]! * s.x[j]!) / samples.length;
  });
  return mean;
}

/** spreadEvenly with an equal quota per label (labels with fewer samples give all of theirs). */
function spreadEvenlyPerLabel(items: readonly SpaceSample[], k: number): SpaceSample[] {
  if (items.length <= k) return [...items];
  const labels = [...new Set(items.map((s) => s.label))].sort();
  const quota = Math.max(1, Math.floor(k / labels.length));
  return labels.flatMap((label) => spreadEvenly(items.filter((s) => s.label === label), quota));
}

/**
 * Deviations of every sample from the centre of its cluster (its label when no cluster is set),
 * each scaled by √weight so that their scatter is the weighted within scatter.
 */
function withinDeviations(samples: readonly SpaceSample[], vectors: number[][], k: number, weights: readonly number[]): number[][] {
  const clusterOf = (s: SpaceSample) => s.cluster ?? s.label;
  const clusters = [...new Set(samples.map(clusterOf))].sort();
  const out: number[][] = [];
  for (const cluster of clusters) {
    const indices = samples.flatMap((s, i) => (clusterOf(s) === cluster ? [i] : []));
    const centre = meanOf(indices.map((i) => vectors[i]!), k);
    for (const i of indices) {
      const root = Math.sqrt(weights[i]!);
      out.push(vectors[i]!.map((v, j) => root * (v - centre[j]!)));
    }
  }
  return out;
}

/** Ledoit–Wolf (2004) shrinkage intensity towards μI for the covariance S of the centred rows. */
function ledoitWolfIntensity(rows: number[][], S: Matrix): number {
  const n = rows.length;
  const p = S.rows;
  if (n < 2 || p === 0) return 1;
  const mu = trace(S) / p;
  const frob2 = S.to2DArray().reduce((a, row) => a + row.reduce((b, v) => b + v * v, 0), 0);
  const delta2 = (frob2 - 2 * mu * trace(S) + mu * mu * p) / p;
  let sum = 0;
  const sRows = typedRows(S);
  for (const x of rows) {
    const norm2 = x.reduce((a, v) => a + v * v, 0);
    sum += norm2 * norm2 - 2 * dot(x, applyMatrix(sRows, x));
  }
  sum += n * frob2;
  const beta2 = Math.min(delta2, sum / (n * n) / p);
  return delta2 > 0 ? Math.max(0, Math.min(1, beta2 / delta2)) : 1;
}

function classScatter(samples: readonly SpaceSample[], vectors: number[][], k: number, weights: readonly number[]): { within: Matrix; between: Matrix } {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const overall = meanOf(vectors, k);
  const betweenVectors: number[][] = [];
  for (const label of labels) {
    const centre = meanOf(vectors.filter((_, i) => samples[i]!.label === label), k);
    // Each class counts once: the between scatter is of class centres, not weighted by class size.
    betweenVectors.push(centre.map((v, j) => v - overall[j]!));
  }
  return { within: scatterOf(withinDeviations(samples, vectors, k, weights), k), between: scatterOf(betweenVectors, k) };
}

/** f(processed copy) − f(image as delivered), for every processed copy whose original is present. */
function processingDifferences(samples: readonly SpaceSample[], vectors: number[][]): number[][] {
  const originalIndex = new Map<string, number>();
  samples.forEach((s, i) => {
    if (s.processing === undefined) originalIndex.set(s.imageId, i);
  });
  const out: number[][] = [];
  samples.forEach((s, i) => {
    const o = s.processing === undefined ? undefined : originalIndex.get(s.imageId);
    if (o !== undefined) out.push(vectors[i]!.map((v, j) => v - vectors[o]![j]!));
  });
  return out;
}

/**
 * Content effects: within a content group (one photo rendered by several generators), what the
 * members share after their generator's mean is removed is what the content does to the fingerprint.
 */
function contentDifferences(samples: readonly SpaceSample[], vectors: number[][], k: number): number[][] {
  const labels = [...new Set(samples.map((s) => s.label))];
  const classMean = new Map(labels.map((l) => [l, meanOf(vectors.filter((_, i) => samples[i]!.label === l), k)]));
  const groups = new Map<string, number[]>();
  samples.forEach((s, i) => {
    if (s.contentId === undefined || s.processing !== undefined) return;
    groups.set(s.contentId, [...(groups.get(s.contentId) ?? []), i]);
  });
  const out: number[][] = [];
  for (const members of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, m]) => m)) {
    if (new Set(members.map((i) => samples[i]!.label)).size < 2) continue;
    const effect = new Array<number>(k).fill(0);
    for (const i of members) {
      const centre = classMean.get(samples[i]!.label)!;
      for (let j = 0; j < k; j++) effect[j]! += (vectors[i]![j]! - centre[j]!) / members.length;
    }
    out.push(effect);
  }
  return out;
}

/**
 * Leading eigen-directions of the nuisance scatter that are both dominant (nuisance explains a large
 * share of the within-class spread along them) and not discriminative (more nuisance variance than
 * between-class variance along them).
 */
function nuisanceDirections(nuisance: Matrix, between: Matrix, within: Matrix, options: SpaceProjectionOptions, cap: number): number[][] {
  if (cap <= 0 || trace(nuisance) <= 0) return [];
  const eig = symmetricEigen(nuisance);
  const removed: number[][] = [];
  for (let i = 0; i < eig.vectors.length && removed.length < cap; i++) {
    const u = eig.vectors[i]!;
    if (eig.values[i]! <= 1e-12) break;
    if (eig.values[i]! > options.nuisanceRatio * quadratic(between, u) && eig.values[i]! > options.nuisanceShare * quadratic(within, u)) removed.push(u);
  }
  return removed;
}

/** The top-k eigen-directions (rows) of a scatter matrix, those with positive variance. */
function topDirections(scatter: Matrix, k: number): number[][] {
  if (k <= 0 || trace(scatter) <= 0) return [];
  const eig = symmetricEigen(scatter);
  return eig.vectors.filter((_, i) => i < k && eig.values[i]! > 1e-12 * eig.values[0]!);
}

/** (I − UᵀU) N (I − UᵀU): the scatter with the given orthonormal directions projected out. */
function withoutDirections(N: Matrix, directions: number[][], k: number): Matrix {
  if (directions.length === 0) return N;
  const U = new Matrix(directions);
  const P = Matrix.eye(k).sub(U.transpose().mmul(U));
  return P.mmul(N).mmul(P);
}

/** Orthonormal basis (rows) of the complement of the given orthonormal directions in R^k. */
function complementBasis(directions: number[][], k: number): number[][] {
  if (directions.length === 0) return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
  const U = new Matrix(directions);
  const projector = Matrix.eye(k).sub(U.transpose().mmul(U));
  const eig = symmetricEigen(projector);
  return eig.vectors.filter((_, i) => eig.values[i]! > 0.5);
}

export { squaredDistance };
