/** Simple denoisers whose residual x − f(x) exposes a generator's high-frequency traces. */
import type { Plane } from './planes.js';

function reflect(i: number, n: number): number {
  if (i < 0) return Math.min(-i, n - 1);
  if (i >= n) return Math.max(2 * n - 2 - i, 0);
  return i;
}

/** Separable Gaussian blur with reflected borders. */
export function gaussianBlur(plane: Plane, sigma: number): Plane {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  const { width: w, height: h } = plane;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius]! * plane.data[y * w + reflect(x + k, w)]!;
      tmp[y * w + x] = s;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += kernel[k + radius]! * tmp[reflect(y + k, h) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return { width: w, height: h, data: out };
}

/** 3×3 median filter with reflected borders. */
export function median3x3(plane: Plane): Plane {
  const { width: w, height: h } = plane;
  const out = new Float32Array(w * h);
  const window = new Float32Array(9);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) window[n++] = plane.data[reflect(y + dy, h) * w + reflect(x + dx, w)]!;
      window.sort();
      out[y * w + x] = window[4]!;
    }
  }
  return { width: w, height: h, data: out };
}
