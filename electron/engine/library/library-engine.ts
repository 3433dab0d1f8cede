import type { StoredFingerprint } from './stored-fingerprint.js';

/** One enrolled reference as the fitting step sees it. */
export interface EnrolledFingerprint {
  generatorKey: string;
  isReal: boolean;
  /** Same value for renders of the same photo by different generators (matched content), else null. */
  contentId: string | null;
  fingerprint: StoredFingerprint;
}

/** A fitted library model: plain JSON data and the SHA-256 of its canonical JSON. */
export interface FittedLibrary {
  model: unknown;
  hash: string;
}

export interface RankedGenerator {
  generatorKey: string;
  score: number;
  probability: number;
}

export interface LibraryAttribution {
  ranked: RankedGenerator[];
  unknown: boolean;
  unknownScore: number;
  perSpace: Record<string, Record<string, number>>;
  /** What perSpace holds: −distance shares ("distance"), centred logit shares of the logistic head ("logit") or the blend of both ("score"); higher favours in every case. */
  perSpaceKind: 'distance' | 'logit' | 'score';
  perPatch: { box: [number, number, number, number]; topGeneratorKey: string; score: number }[];
  /** What the engine noted while reading the attributed file (first frame only, CMYK converted, patches skipped, …). */
  notes?: string[];
}

/**
 * A file's fingerprint with the engine's notes on how it read the file. The notes describe this
 * reading of the file, not the fingerprint, so the library's BLOB does not keep them.
 */
export interface FileFingerprint extends StoredFingerprint {
  notes?: string[];
}

/**
 * What the library needs from the fingerprint engine: fingerprints of files, fitting, attribution
 * and the fused embedding (for spread and separation figures). The engine adapter implements it
 * over the model pack; tests implement it with a small deterministic fake.
 */
export interface LibraryEngine {
  readonly packId: string;
  /** Identifies what a fingerprint is (pack version, spaces, residual source): stored fingerprints are keyed by it. */
  readonly packVersion: string;
  /** Identifies how a library model is fitted (fit options, processing interventions): cached models are keyed by it too. */
  readonly fitVersion: string;
  fingerprintFile(path: string, signal?: AbortSignal): Promise<FileFingerprint>;
  fit(refs: readonly EnrolledFingerprint[]): Promise<FittedLibrary>;
  attribute(model: unknown, fingerprint: StoredFingerprint): LibraryAttribution;
  embed(model: unknown, fingerprint: StoredFingerprint): Float32Array;
}
