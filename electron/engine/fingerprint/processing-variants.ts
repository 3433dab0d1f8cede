import sharp from 'sharp';
import type { AnalysisImage } from '../attribution/analysis-image.js';

/** A processing intervention do(processing) applied at fit time. */
export type ProcessingVariant = 'jpeg-90' | 'jpeg-75' | 'resize-0.75' | 'resize-1.5' | 'crop';

export const DEFAULT_VARIANTS: ProcessingVariant[] = ['jpeg-90', 'jpeg-75', 'resize-0.75', 'resize-1.5', 'crop'];

/**
 * Renders the image under one processing change, the way images travel (re-encoding, rescaling,
 * cropping off the grid). Deterministic: fixed qualities, kernel and crop offset.
 */
export async function applyProcessing(image: AnalysisImage, variant: ProcessingVariant): Promise<AnalysisImage> {
  const u8 = Buffer.alloc(image.width * image.height * 3);
  for (let i = 0; i < u8.length; i++) u8[i] = Math.max(0, Math.min(255, Math.round(image.data[i]!)));
  const raw = { raw: { width: image.width, height: image.height, channels: 3 as const } };
  let pipeline = sharp(u8, raw);
  if (variant === 'jpeg-90' || variant === 'jpeg-75') {
    const encoded = await pipeline.jpeg({ quality: variant === 'jpeg-90' ? 90 : 75, chromaSubsampling: '4:2:0' }).toBuffer();
    pipeline = sharp(encoded);
  } else if (variant === 'crop') {
    // Off-grid offset (not a multiple of 8 or 2) so grid-locked traces shift phase.
    const dx = Math.min(13, image.width - 64);
    const dy = Math.min(7, image.height - 64);
    const width = Math.max(64, image.width - dx - Math.floor(image.width / 10));
    const height = Math.max(64, image.height - dy - Math.floor(image.height / 10));
    pipeline = pipeline.extract({ left: dx, top: dy, width: Math.min(width, image.width - dx), height: Math.min(height, image.height - dy) });
  } else {
    const factor = variant === 'resize-0.75' ? 0.75 : 1.5;
    pipeline = pipeline.resize(Math.max(64, Math.round(image.width * factor)), Math.max(64, Math.round(image.height * factor)), { kernel: 'lanczos3', fit: 'fill' });
  }
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(info.width * info.height * 3);
  for (let i = 0; i < out.length; i++) out[i] = data[i]!;
  return { width: info.width, height: info.height, channels: 3, data: out, bitDepth: 8, notes: [...image.notes, `processed: ${variant}`] };
}

/**
 * The processed copy of an image under one variant, or null when the image is too small for that
 * variant (an image too small for a variant simply has no copy of that kind).
 */
export async function processedCopy(image: AnalysisImage, variant: ProcessingVariant, minSide = 64): Promise<AnalysisImage | null> {
  try {
    const processed = await applyProcessing(image, variant);
    return processed.width >= minSide && processed.height >= minSide ? processed : null;
  } catch {
    return null;
  }
}
