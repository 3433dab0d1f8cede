/**
 * The decoded image every analysis step works on (MODELS.md): HWC RGB floats in 0..255.
 * Defined here until electron/engine/imaging/decode.ts lands; that module should own (or re-export) it.
 */
export interface AnalysisImage {
  width: number;
  height: number;
  channels: 3;
  /** HWC RGB, 0..255. */
  data: Float32Array;
  bitDepth: number;
  notes: string[];
}
