import type { AnalysisImage } from '../attribution/analysis-image.js';
import { ImageDecodeError } from './decode-error.js';

/** One P×P analysis patch: its box in the image and its pixels (HWC RGB, 0..255). */
export interface Patch {
  box: [x: number, y: number, w: number, h: number];
  data: Float32Array;
  size: number;
  /** Mean per-channel variance of the pixels (0..255 scale). */
  variance: number;
}

export interface PatchOptions {
  /** Patch side P (the pack's patchSize). */
  size: number;
  /** Most patches kept (K). */
  maxPatches: number;
  /** A patch whose mean channel variance is below this is "flat" (no texture to carry a trace). */
  minVariance?: number;
  /** A patch with more than this share of pixels at 0 or 255 in any channel is "clipped". */
  maxClippedShare?: number;
}

export interface PatchSelection {
  patches: Patch[];
  notes: string[];
}

const DEFAULT_MIN_VARIANCE = 4;
const DEFAULT_MAX_CLIPPED_SHARE = 0.25;

/**
 * Samples up to K patches on the grid anchored at the image origin (stride P, so a JPEG 8×8 grid
 * or a generator's upsampling phase keeps the same offset in every patch). Flat and clipped patches
 * are skipped; among the usable ones, K are taken evenly spread in raster order, so the choice is
 * deterministic and covers the whole image. When none is usable, the least flat ones are taken and
 * a note says so.
 */
export function samplePatches(image: AnalysisImage, options: PatchOptions): PatchSelection {
  const size = options.size;
  if (image.width < size || image.height < size) {
    throw new ImageDecodeError('TOO_SMALL', `The image is ${image.width}×${image.height}, smaller than one ${size}×${size} analysis patch.`, {
      width: image.width,
      height: image.height,
      minSide: size,
    });
  }
  const minVariance = options.minVariance ?? DEFAULT_MIN_VARIANCE;
  const maxClipped = options.maxClippedShare ?? DEFAULT_MAX_CLIPPED_SHARE;
  const cols = Math.floor(image.width / size);
  const rows = Math.floor(image.height / size);
  const candidates: { x: number; y: number; variance: number; clipped: number }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = c * size;
      const y = r * size;
      candidates.push({ x, y, ...measurePatch(image, x, y, size) });
    }
  }
  const notes: string[] = [];
  const usable = candidates.filter((p) => p.variance >= minVariance && p.clipped <= maxClipped);
  let chosen: typeof candidates;
  if (usable.length > 0) {
    chosen = spreadEvenly(usable, options.maxPatches);
    const skipped = candidates.length - usable.length;
    if (skipped > 0) notes.push(`${skipped} of ${candidates.length} grid patches skipped as flat or clipped.`);
  } else {
    const leastFlat = [...candidates].sort((a, b) => b.variance - a.variance || a.y - b.y || a.x - b.x);
    chosen = leastFlat.slice(0, options.maxPatches).sort((a, b) => a.y - b.y || a.x - b.x);
    notes.push('Every patch is flat or clipped: the least flat ones were used, the fingerprint is weak.');
  }
  const patches = chosen.map((p) => ({
    box: [p.x, p.y, size, size] as Patch['box'],
    data: cropPatch(image, p.x, p.y, size),
    size,
    variance: p.variance,
  }));
  return { patches, notes };
}

function spreadEvenly<T>(items: T[], k: number): T[] {
  if (items.length <= k) return items;
  const out: T[] = [];
  for (let i = 0; i < k; i++) out.push(items[Math.floor(((i + 0.5) * items.length) / k)]!);
  return out;
}

function measurePatch(image: AnalysisImage, x0: number, y0: number, size: number): { variance: number; clipped: number } {
  const sum = [0, 0, 0];
  const sumSq = [0, 0, 0];
  const clippedCount = [0, 0, 0];
  for (let y = y0; y < y0 + size; y++) {
    let i = (y * image.width + x0) * 3;
    for (let x = 0; x < size; x++, i += 3) {
      for (let c = 0; c < 3; c++) {
        const v = image.data[i + c]!;
        sum[c]! += v;
        sumSq[c]! += v * v;
        if (v <= 0 || v >= 255) clippedCount[c]!++;
      }
    }
  }
  const n = size * size;
  let variance = 0;
  for (let c = 0; c < 3; c++) variance += sumSq[c]! / n - (sum[c]! / n) ** 2;
  return { variance: variance / 3, clipped: Math.max(...clippedCount) / n };
}

/** Copies the P×P patch at (x0, y0) out of the image (HWC RGB). */
export function cropPatch(image: AnalysisImage, x0: number, y0: number, size: number): Float32Array {
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const start = ((y0 + y) * image.width + x0) * 3;
    out.set(image.data.subarray(start, start + size * 3), y * size * 3);
  }
  return out;
}
