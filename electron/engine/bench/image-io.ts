/**
 * Image I/O for the benchmark: decoding files at the stored pixel grid and re-encoding an
 * AnalysisImage through sharp (JPEG re-encode, resize, crop) to make the perturbed copies.
 * Decoding uses the engine's decodeForAnalysis when it is importable, else a plain sharp
 * 8-bit decode with the same rules (no rotation, no resampling, alpha dropped, grey → RGB).
 */
import sharp, { type Sharp } from 'sharp';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { createRandom } from '../attribution/classifier/seeded-random.js';

export const MAX_PIXELS = 40_000_000;

type Decoder = (path: string) => Promise<AnalysisImage>;
let decoder: Promise<Decoder> | null = null;

async function loadDecoder(): Promise<Decoder> {
  // A computed specifier so the benchmark still type-checks and runs before imaging/decode.ts lands.
  const specifier = ['..', 'imaging', 'decode.js'].join('/');
  try {
    const mod = (await import(specifier)) as { decodeForAnalysis?: (input: string, o: { maxPixels: number; minSide?: number }) => Promise<AnalysisImage> };
    if (typeof mod.decodeForAnalysis === 'function') {
      const decode = mod.decodeForAnalysis;
      return (path) => decode(path, { maxPixels: MAX_PIXELS, minSide: 16 });
    }
  } catch {
    // fall through to the local decoder
  }
  return decodeWithSharp;
}

export function decodeImageFile(path: string): Promise<AnalysisImage> {
  decoder ??= loadDecoder();
  return decoder.then((d) => d(path));
}

export async function decodeWithSharp(input: string | Buffer): Promise<AnalysisImage> {
  const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS, pages: 1 })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels = info.width * info.height;
  const out = new Float32Array(pixels * 3);
  if (info.channels === 3) for (let i = 0; i < out.length; i++) out[i] = data[i]!;
  else for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = data[i * info.channels + Math.min(c, info.channels - 1)]!;
  return { width: info.width, height: info.height, channels: 3, data: out, bitDepth: 8, notes: [] };
}

function toSharp(image: AnalysisImage): Sharp {
  const bytes = Buffer.alloc(image.data.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(image.data[i]!)));
  return sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } });
}

export async function reencodeJpeg(image: AnalysisImage, quality: number): Promise<AnalysisImage> {
  return decodeWithSharp(await toSharp(image).jpeg({ quality }).toBuffer());
}

/** Resampled by `factor` with sharp's default (Lanczos-3) kernel, then stored losslessly. */
export async function resizeImage(image: AnalysisImage, factor: number): Promise<AnalysisImage> {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  return decodeWithSharp(await toSharp(image).resize(width, height, { fit: 'fill' }).png({ compressionLevel: 0 }).toBuffer());
}

function cropWindow(image: AnalysisImage, x: number, y: number, w: number, h: number, note: string): AnalysisImage {
  const data = new Float32Array(w * h * 3);
  for (let row = 0; row < h; row++) data.set(image.data.subarray(((y + row) * image.width + x) * 3, ((y + row) * image.width + x + w) * 3), row * w * 3);
  return { width: w, height: h, channels: 3, data, bitDepth: image.bitDepth, notes: [...image.notes, `${note} ${w}×${h} at ${x},${y}`] };
}

/** A window of `fraction` of each side at a seeded random offset (breaks grid alignment). */
export function randomCrop(image: AnalysisImage, fraction: number, seed: number): AnalysisImage {
  const random = createRandom(seed);
  const w = Math.max(1, Math.floor(image.width * fraction));
  const h = Math.max(1, Math.floor(image.height * fraction));
  const x = Math.floor(random() * (image.width - w + 1));
  const y = Math.floor(random() * (image.height - h + 1));
  return cropWindow(image, x, y, w, h, 'random crop');
}

/**
 * The central window of at most `size` × `size` at the stored pixel grid, its offset a multiple
 * of 16 so a JPEG's 8×8 block grid (and 4:2:0 chroma grid) stays aligned, as a lossless jpegtran
 * crop would keep it. Smaller images are returned whole.
 */
export function alignedCentreCrop(image: AnalysisImage, size: number): AnalysisImage {
  if (image.width <= size && image.height <= size) return image;
  const w = Math.min(size, image.width);
  const h = Math.min(size, image.height);
  const x = Math.floor((image.width - w) / 2 / 16) * 16;
  const y = Math.floor((image.height - h) / 2 / 16) * 16;
  return cropWindow(image, x, y, w, h, 'aligned centre crop');
}

/** A copy with a new identity (defeats per-image feature caches, for timing). */
export function cloneImage(image: AnalysisImage): AnalysisImage {
  return { ...image, data: image.data.slice(), notes: [...image.notes] };
}
