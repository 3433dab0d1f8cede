/** Fixed 5-tap Gaussian (σ = 1) used as the reference denoiser when no diffusion reconstructor is available. */
const KERNEL = (() => {
  const raw = [-2, -1, 0, 1, 2].map((d) => Math.exp(-(d * d) / 2));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
})();

/** Reflects an index into 0..n-1 (whole-sample symmetric, like numpy's "reflect"). */
function reflect(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * n - 2 - i;
  return i;
}

/**
 * Separable Gaussian blur of a P×P HWC RGB patch with reflected borders: a fixed denoiser whose
 * output keeps content and smooth shading and loses the pixel-level traces a generator leaves.
 */
export function gaussianDenoise(pixels: Float32Array, size: number): Float32Array {
  const tmp = new Float32Array(pixels.length);
  const out = new Float32Array(pixels.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < 5; k++) acc += KERNEL[k]! * pixels[(y * size + reflect(x + k - 2, size)) * 3 + c]!;
        tmp[(y * size + x) * 3 + c] = acc;
      }
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let k = 0; k < 5; k++) acc += KERNEL[k]! * tmp[(reflect(y + k - 2, size) * size + x) * 3 + c]!;
        out[(y * size + x) * 3 + c] = acc;
      }
    }
  }
  return out;
}

/** r = X − X̂, kept signed. */
export function subtract(pixels: Float32Array, reconstruction: Float32Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! - reconstruction[i]!;
  return out;
}
