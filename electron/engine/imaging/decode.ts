import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { ImageDecodeError } from './decode-error.js';

export type { AnalysisImage };

export interface DecodeOptions {
  /** Largest width × height accepted; checked from the header before any pixel is decoded. */
  maxPixels: number;
  /** Smallest side accepted (one analysis patch); smaller images cannot give a fingerprint. */
  minSide?: number;
}

export const DEFAULT_MIN_SIDE = 64;

/**
 * Decodes an image for forensic analysis at its stored pixel grid: no resampling, no EXIF
 * rotation, no ICC conversion (the pixels are the numbers the file stores), alpha dropped,
 * grey expanded to three equal channels, 16-bit kept as floats on the 0..255 scale. CMYK and
 * animated images are decoded with a note, because their pixels are not what a generator wrote.
 */
export async function decodeForAnalysis(input: Buffer | string, options: DecodeOptions): Promise<AnalysisImage> {
  const minSide = options.minSide ?? DEFAULT_MIN_SIDE;
  const meta = await readMetadata(input);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > options.maxPixels) {
    throw new ImageDecodeError(
      'TOO_LARGE',
      `The image is ${width}×${height} (${width * height} pixels), above the analysis limit of ${options.maxPixels} pixels.`,
      { width, height, maxPixels: options.maxPixels },
    );
  }
  if (width < minSide || height < minSide) {
    throw new ImageDecodeError(
      'TOO_SMALL',
      `The image is ${width}×${height}, smaller than one ${minSide}×${minSide} analysis patch; no fingerprint can be computed.`,
      { width, height, minSide },
    );
  }
  const notes: string[] = [];
  const isCmyk = meta.space === 'cmyk';
  if (isCmyk) notes.push('CMYK image converted to RGB by the decoder (libvips); its pixels are not the stored values.');
  if ((meta.pages ?? 1) > 1) notes.push(`Animated/multi-page image (${meta.pages} frames): only the first frame is analysed.`);
  if (meta.orientation !== undefined && meta.orientation > 1) notes.push(`EXIF orientation ${meta.orientation} ignored: analysed at the stored pixel grid.`);
  if (meta.hasProfile && !isCmyk) notes.push('Embedded ICC profile not applied: analysed on the stored values.');

  const sixteenBit = meta.depth === 'ushort' && !isCmyk;
  const grey = (meta.channels ?? 3) <= 2 && !isCmyk;
  let pipeline = sharp(input, { limitInputPixels: options.maxPixels, pages: 1, autoOrient: false, failOn: 'error' });
  // keepIccProfile stops sharp's default transform of profiled inputs to sRGB; CMYK must be transformed.
  if (!isCmyk) pipeline = pipeline.keepIccProfile();
  pipeline = pipeline.removeAlpha();
  if (sixteenBit) pipeline = pipeline.toColourspace(grey ? 'grey16' : 'rgb16').raw({ depth: 'ushort' });
  else pipeline = pipeline.toColourspace(grey ? 'b-w' : 'srgb').raw();

  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageDecodeError('CORRUPT', `The image could not be decoded: ${(error as Error).message}`, {}, { cause: error });
  }
  const data = toFloatRgb(raw.data, raw.info, sixteenBit);
  return { width: raw.info.width, height: raw.info.height, channels: 3, data, bitDepth: sixteenBit ? 16 : 8, notes };
}

async function readMetadata(input: Buffer | string): Promise<Metadata> {
  try {
    // Header only: a tiny file can declare billions of pixels, so no decode before the limit check.
    return await sharp(input, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw new ImageDecodeError('NOT_AN_IMAGE', `Not a decodable image: ${(error as Error).message}`, {}, { cause: error });
  }
}

function toFloatRgb(buffer: Buffer, info: OutputInfo, sixteenBit: boolean): Float32Array {
  const pixels = info.width * info.height;
  const channels = info.channels;
  if (channels !== 1 && channels !== 3) {
    throw new ImageDecodeError('UNSUPPORTED_LAYOUT', `The decoder produced ${channels} channels where 1 or 3 were expected.`, { channels });
  }
  const source = sixteenBit
    ? new Uint16Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength))
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const scale = sixteenBit ? 255 / 65535 : 1;
  const out = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) out[i * 3 + c] = source[i * channels + (channels === 1 ? 0 : c)]! * scale;
  }
  return out;
}
