/** Simple denoisers whose residual x − f(x) exposes a generator's high-frequency traces. */
import type { Plane } from './planes.js';

function reflect(i: number, n: number): number {
  if (i < 0) return Math.min(-i, n - 1);
  if (i >= n) return Math.max(2 * n - 2 - i, 0);
  return i;
}

/** Copy of the plane padded by `pad` reflected pixels on every side. */
function padReflect(plane: Plane, pad: number): { data: Float32Array; stride: number } {
  const { width: w, height: h } = plane;
  const stride = w + 2 * pad;
  const data = new Float32Array(stride * (h + 2 * pad));
  for (let y = -pad; y < h + pad; y++) {
    const sy = reflect(y, h);
    for (let x = -pad; x < w + pad; x++) data[(y + pad) * stride + x + pad] = plane.data[sy * w + reflect(x, w)]!;
  }
  return { data, stride };
}

/** Separable Gaussian blur with reflected borders. */
export function gaussianBlur(plane: Plane, sigma: number): Plane {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum;
  const { width: w, height: h } = plane;
  const { data: padded, stride } = padReflect(plane, radius);
  const rowsH = h + 2 * radius;
  const tmp = new Float32Array(w * rowsH); // horizontally blurred, still padded vertically
  for (let y = 0; y < rowsH; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      const base = y * stride + x;
      for (let k = 0; k < kernel.length; k++) s += kernel[k]! * padded[base + k]!;
      tmp[y * w + x] = s;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = 0; k < kernel.length; k++) s += kernel[k]! * tmp[(y + k) * w + x]!;
      out[y * w + x] = s;
    }
  }
  return { width: w, height: h, data: out };
}

/** 3×3 median filter with reflected borders (Paeth's 19-exchange median-of-9 network). */
export function median3x3(plane: Plane): Plane {
  const { width: w, height: h } = plane;
  const { data: p, stride } = padReflect(plane, 1);
  const out = new Float32Array(w * h);
  const v = new Float64Array(9);
  const sort2 = (a: number, b: number): void => {
    if (v[a]! > v[b]!) { const t = v[a]!; v[a] = v[b]!; v[b] = t; }
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = (y + 1) * stride + x + 1;
      v[0] = p[c - stride - 1]!; v[1] = p[c - stride]!; v[2] = p[c - stride + 1]!;
      v[3] = p[c - 1]!; v[4] = p[c]!; v[5] = p[c + 1]!;
      v[6] = p[c + stride - 1]!; v[7] = p[c + stride]!; v[8] = p[c + stride + 1]!;
      sort2(1, 2); sort2(4, 5); sort2(7, 8); sort2(0, 1); sort2(3, 4); sort2(6, 7);
      sort2(1, 2); sort2(4, 5); sort2(7, 8); sort2(0, 3); sort2(5, 8); sort2(4, 7);
      sort2(3, 6); sort2(1, 4); sort2(2, 5); sort2(4, 7); sort2(4, 2); sort2(6, 4);
      sort2(4, 2);
      out[y * w + x] = v[4]!;
    }
  }
  return { width: w, height: h, data: out };
}
