/** Plane-level image helpers shared by the baseline features: crops, grey, channels. */
import type { AnalysisImage } from '../../attribution/analysis-image.js';

/** One channel (or grey) as a row-major float plane. */
export interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** Central crop of at most `size`×`size` pixels (smaller images keep their full extent per side). */
export function centreCrop(image: AnalysisImage, size: number): AnalysisImage {
  const w = Math.min(size, image.width);
  const h = Math.min(size, image.height);
  return cropImage(image, Math.floor((image.width - w) / 2), Math.floor((image.height - h) / 2), w, h);
}

/** Central square crop whose side is the largest power of two ≤ min(width, height, cap). */
export function centrePowerOfTwoCrop(image: AnalysisImage, cap: number): AnalysisImage {
  let side = 1;
  while (side * 2 <= Math.min(image.width, image.height, cap)) side *= 2;
  return centreCrop(image, side);
}

export function cropImage(image: AnalysisImage, x: number, y: number, w: number, h: number): AnalysisImage {
  const data = new Float32Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + w * 3), row * w * 3);
  }
  return { width: w, height: h, channels: 3, data, bitDepth: image.bitDepth, notes: image.notes };
}

/** ITU-R BT.601 luma. */
export function greyPlane(image: AnalysisImage): Plane {
  const n = image.width * image.height;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = 0.299 * image.data[3 * i]! + 0.587 * image.data[3 * i + 1]! + 0.114 * image.data[3 * i + 2]!;
  return { width: image.width, height: image.height, data };
}

export function channelPlanes(image: AnalysisImage): [Plane, Plane, Plane] {
  const n = image.width * image.height;
  const planes = [0, 1, 2].map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) planes[c]![i] = image.data[3 * i + c]!;
  return planes.map((data) => ({ width: image.width, height: image.height, data })) as [Plane, Plane, Plane];
}

export function subtractPlanes(a: Plane, b: Plane): Plane {
  const data = new Float32Array(a.data.length);
  for (let i = 0; i < data.length; i++) data[i] = a.data[i]! - b.data[i]!;
  return { width: a.width, height: a.height, data };
}

export function absPlane(a: Plane): Plane {
  return { width: a.width, height: a.height, data: a.data.map(Math.abs) };
}
