import type { EmbeddingSpace, SpaceInput } from './embedding-space.js';

/** A high-pass residual kernel with its quantisation step q (residuals are rounded to multiples of q). */
interface ResidualKernel {
  name: string;
  step: number;
  /** Fills out[y*n+x] for 1 ≤ x, y ≤ n−2 with the residual of plane p (P×P) along rows (horizontal) or columns. */
  fill(p: Float32Array, n: number, horizontal: boolean, out: Float32Array): void;
}

const KERNELS: ResidualKernel[] = [
  {
    name: 'first-order',
    step: 1,
    fill(p, n, h, out) {
      const d = h ? 1 : n;
      for (let y = 1; y < n - 1; y++) for (let i = y * n + 1; i < y * n + n - 1; i++) out[i] = p[i + d]! - p[i]!;
    },
  },
  {
    name: 'second-order',
    step: 2,
    fill(p, n, h, out) {
      const d = h ? 1 : n;
      for (let y = 1; y < n - 1; y++) for (let i = y * n + 1; i < y * n + n - 1; i++) out[i] = p[i - d]! - 2 * p[i]! + p[i + d]!;
    },
  },
  {
    // SRM "KB" 3×3 kernel (direction-free); co-occurrences still run along rows and columns.
    name: 'square-3x3',
    step: 4,
    fill(p, n, _h, out) {
      for (let y = 1; y < n - 1; y++) {
        for (let i = y * n + 1; i < y * n + n - 1; i++) {
          out[i] =
            -p[i - n - 1]! + 2 * p[i - n]! - p[i - n + 1]! + 2 * p[i - 1]! - 4 * p[i]! + 2 * p[i + 1]! - p[i + n - 1]! + 2 * p[i + n]! - p[i + n + 1]!;
        }
      }
    },
  },
];

const TRUNCATION = 2;
const LEVELS = 2 * TRUNCATION + 1; // residual symbols −T..T
const BINS = LEVELS ** 3; // triples

function quantise(value: number, step: number): number {
  const q = Math.round(value / step);
  return (q < -TRUNCATION ? -TRUNCATION : q > TRUNCATION ? TRUNCATION : q) + TRUNCATION;
}

/**
 * Residual co-occurrence space (SRM/SPAM style): high-pass residuals of each colour channel,
 * quantised and truncated to −2..2, then histograms of three consecutive residual symbols along
 * rows and columns (per channel and kernel), plus cross-channel histograms of the (R, G, B)
 * residual symbols at the same pixel. Each histogram is normalised and square-rooted (Hellinger).
 * These local micro-statistics carried most of the signal on the dev set (RESEARCH.md).
 */
export function createCooccurrenceSpace(): EmbeddingSpace {
  const perChannel = KERNELS.length * BINS;
  const cross = KERNELS.length * BINS;
  const dim = 3 * perChannel + cross;
  return {
    id: 'cooccurrence',
    dim,
    describe: `SRM residuals (${KERNELS.map((k) => k.name).join(', ')}), T=${TRUNCATION}, 3-symbol co-occurrences per channel + joint RGB`,
    async embed(patches: readonly SpaceInput[]) {
      return patches.map((patch) => embedPatch(patch.pixels, patch.size, dim));
    },
    pool: poolHistograms,
  };
}

function embedPatch(pixels: Float32Array, n: number, dim: number): Float32Array {
  const planes = [0, 1, 2].map((c) => {
    const plane = new Float32Array(n * n);
    for (let i = 0; i < n * n; i++) plane[i] = pixels[3 * i + c]!;
    return plane;
  });
  const out = new Float32Array(dim);
  const symbols = new Uint8Array(3 * n * n);
  const residual = new Float32Array(n * n);
  const crossOffset = 3 * KERNELS.length * BINS;
  KERNELS.forEach((kernel, k) => {
    for (const horizontal of [true, false]) {
      symbols.fill(255);
      for (let c = 0; c < 3; c++) {
        kernel.fill(planes[c]!, n, horizontal, residual);
        for (let y = 1; y < n - 1; y++) {
          for (let i = y * n + 1; i < y * n + n - 1; i++) symbols[c * n * n + i] = quantise(residual[i]!, kernel.step);
        }
      }
      for (let c = 0; c < 3; c++) {
        const base = (c * KERNELS.length + k) * BINS;
        const s = c * n * n;
        const step = horizontal ? 1 : n;
        for (let y = 1; y < n - 1; y++) {
          for (let x = 1; x < n - 1; x++) {
            if (horizontal ? x + 2 >= n - 1 : y + 2 >= n - 1) continue;
            const a = symbols[s + y * n + x]!;
            const b = symbols[s + y * n + x + step]!;
            const d = symbols[s + y * n + x + 2 * step]!;
            out[base + (a * LEVELS + b) * LEVELS + d]!++;
          }
        }
      }
      if (horizontal) {
        // Joint colour symbol at each pixel (direction-free for the square kernel, so counted once per kernel).
        const base = crossOffset + k * BINS;
        for (let y = 1; y < n - 1; y++) {
          for (let x = 1; x < n - 1; x++) {
            const i = y * n + x;
            out[base + (symbols[i]! * LEVELS + symbols[n * n + i]!) * LEVELS + symbols[2 * n * n + i]!]!++;
          }
        }
      }
    }
  });
  for (let h = 0; h < dim / BINS; h++) {
    let total = 0;
    for (let b = 0; b < BINS; b++) total += out[h * BINS + b]!;
    for (let b = 0; b < BINS; b++) out[h * BINS + b] = total > 0 ? Math.sqrt(out[h * BINS + b]! / total) : 0;
  }
  return out;
}

/**
 * Pools per-patch Hellinger histograms into the Hellinger histogram of the summed counts: every
 * patch has the same size, so its normalised histogram carries the same total and the pooled
 * frequency is the mean of the per-patch frequencies (the squares of the Hellinger values).
 */
export function poolHistograms(perPatch: readonly Float32Array[]): Float32Array {
  const dim = perPatch[0]?.length ?? 0;
  const out = new Float32Array(dim);
  if (perPatch.length === 0) return out;
  for (const v of perPatch) for (let j = 0; j < dim; j++) out[j]! += v[j]! * v[j]!;
  for (let j = 0; j < dim; j++) out[j] = Math.sqrt(out[j]! / perPatch.length);
  return out;
}
