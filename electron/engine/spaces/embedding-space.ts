/**
 * What every embedding space sees of one analysis patch: the pixels X, a reconstruction X̂ of them
 * (denoiser or diffusion reconstructor) and the signed residual r = X − X̂, all HWC RGB on the
 * 0..255 scale, P×P.
 */
export interface SpaceInput {
  size: number;
  pixels: Float32Array;
  reconstruction: Float32Array;
  residual: Float32Array;
}

/** One embedding space: a fixed-size vector per patch. Deterministic for the same inputs. */
export interface EmbeddingSpace {
  readonly id: string;
  readonly dim: number;
  /** Short description kept with fingerprints (what the space looks at). */
  readonly describe: string;
  embed(patches: readonly SpaceInput[]): Promise<Float32Array[]>;
  /**
   * Image-level vector from the per-patch vectors (default: their mean). A space whose per-patch
   * vectors are normalised histograms pools the counts instead, so the image-level statistic is
   * estimated from every patch's pixels at once rather than averaged over noisier per-patch ones.
   */
  pool?(perPatch: readonly Float32Array[]): Float32Array;
  dispose?(): Promise<void>;
}
