/**
 * The part of a fingerprint the library keeps per reference image: the embedding of each space
 * for the whole image and for each patch. Matches the engine's `Fingerprint` minus timings, so
 * the library does not depend on how the engine measures itself.
 */
export interface StoredFingerprint {
  spaces: Record<string, Float32Array>;
  perPatch: { box: [number, number, number, number]; spaces: Record<string, Float32Array> }[];
  /**
   * Whole-image vectors of processed copies of the same image (e.g. "jpeg-75", "resize-0.75"),
   * made at enrolment so the library fit can project out what processing changes (do(processing)).
   */
  variants?: Record<string, Record<string, Float32Array>>;
}
