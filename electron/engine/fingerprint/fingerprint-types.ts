/** A patch's box in the image: x, y, width, height (pixels). */
export type PatchBox = [number, number, number, number];

/** The engine's output for one image: per-space vectors for the whole image (mean over patches) and per patch. */
export interface Fingerprint {
  spaces: Record<string, Float32Array>;
  perPatch: { box: PatchBox; spaces: Record<string, Float32Array> }[];
  /** Wall-clock milliseconds per stage. */
  timingsMs: Record<string, number>;
  /** Process CPU milliseconds per stage (≈ one core: ONNX runs single-threaded); robust to a busy machine. */
  cpuMs?: Record<string, number>;
  /** Which reconstruction produced the residual: "reconstructor:<id>" or "gaussian-denoiser". */
  residualSource?: string;
  notes?: string[];
}

/** The part of a fingerprint fitting and attribution read (timings are not needed). */
export type FingerprintVectors = Pick<Fingerprint, 'spaces' | 'perPatch'>;

/** One reference of the library as the fit sees it. */
export interface LibraryReference {
  generatorId: string;
  contentId?: string;
  fingerprint: FingerprintVectors;
  /** Identifies the image; its processed copies carry the same imageId. */
  imageId?: string;
  /** Set on a processed copy (do(processing) at fit time), e.g. "jpeg-75". */
  processing?: string;
}

export type PerSpaceKind = 'distance' | 'logit' | 'score';

export interface Attribution {
  ranked: { generatorId: string; score: number; probability: number }[];
  unknown: boolean;
  /** Weighted Mahalanobis distance to the nearest enrolled generator (higher = more likely unknown). */
  unknownScore: number;
  unknownThreshold: number;
  /**
   * Per space, per generator, higher = the space favours that generator more. With nearest-cluster
   * ranking ("distance"): −(weighted, per-dimension) squared distance to the generator's nearest
   * cluster; summed over spaces they give the score. With the logistic head ("logit"): the space's
   * share of the logit of the generator's best cluster, centred over generators (biases excluded).
   * With the blend of both ("score"): the same blend of the two shares (each centred over
   * generators, in the held-out log-likelihood units the blend weighs them in).
   */
  perSpace: Record<string, Record<string, number>>;
  perSpaceKind: PerSpaceKind;
  perPatch: { box: PatchBox; topGeneratorId: string; score: number }[];
}
