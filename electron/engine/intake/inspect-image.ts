import { open, readFile } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { MetadataSummary } from '../../contract/schemas.js';
import { decodeBmp, readBmpHeader } from './bmp.js';
import { pngHasCaBX } from './c2pa.js';
import { summariseMetadata } from './metadata-summary.js';
import { IntakeRejection } from './rejection.js';

/** Formats we accept: file-type extension → sharp's name for it. */
const DECODABLE: Record<string, string> = {
  jpg: 'jpeg',
  png: 'png',
  webp: 'webp',
  tif: 'tiff',
  gif: 'gif',
  bmp: 'bmp', // decoded by ./bmp.ts: sharp's prebuilt libvips has no BMP loader
  avif: 'heif',
  heic: 'heif',
};

/** Everything intake learns about an image, ready to become an evidence row. */
/** What the header says; sharp's Metadata for most formats, built by ./bmp.ts for BMP. */
type HeaderFacts = Partial<Metadata> & Pick<Metadata, 'width' | 'height' | 'channels' | 'space' | 'depth' | 'hasAlpha'>;

export interface ImageFacts {
  format: string;
  extension: string;
  mimeType: string;
  width: number;
  height: number;
  bitDepth: number;
  channels: number;
  colourSpace: string;
  hasAlpha: boolean;
  pages: number;
  hasExif: boolean;
  hasXmp: boolean;
  hasIptc: boolean;
  hasIcc: boolean;
  c2paPresent: boolean;
  metadata: MetadataSummary;
}

/**
 * Decides whether a staged file is an image we can keep, and describes it. Order matters:
 * magic bytes first (the extension proves nothing), then the header's pixel count BEFORE any
 * decoding (a 30000×30000 PNG is a few hundred bytes on disk and gigabytes in memory), then one
 * full decode that writes the thumbnail and fails on truncated or corrupt data.
 */
export async function inspectImage(
  path: string,
  displayName: string,
  options: { maxPixels: number; thumbnailPath: string; c2paMarker: boolean },
): Promise<ImageFacts> {
  const type = await fileTypeFromFile(path);
  if ((!type || type.mime === 'application/xml') && (await looksLikeSvg(path))) {
    throw new IntakeRejection('UNSUPPORTED_FORMAT', `"${displayName}" is an SVG vector drawing; CausalPrint analyses raster images only.`);
  }
  if (!type || !type.mime.startsWith('image/')) {
    const seen = type ? ` (its content is ${type.mime})` : '';
    throw new IntakeRejection('NOT_AN_IMAGE', `"${displayName}" is not an image${seen}, whatever its extension says.`);
  }
  const sharpFormat = DECODABLE[type.ext];
  if (!sharpFormat) {
    throw new IntakeRejection('UNSUPPORTED_FORMAT', `"${displayName}" is a ${type.ext.toUpperCase()} image (${type.mime}), a format CausalPrint cannot decode.`);
  }

  const meta = type.ext === 'bmp' ? await readBmpHeaderFacts(path, displayName) : await readHeader(path, displayName, type.ext);
  const pixels = meta.width * (meta.pageHeight ?? meta.height);
  if (pixels > options.maxPixels) {
    throw new IntakeRejection(
      'TOO_MANY_PIXELS',
      `"${displayName}" declares ${meta.width}×${meta.pageHeight ?? meta.height} = ${pixels.toLocaleString('en-US')} pixels, ` +
        `over the limit of ${options.maxPixels.toLocaleString('en-US')} set in Settings; it was not decoded (a possible decompression bomb).`,
    );
  }

  await decodeToThumbnail(path, displayName, type.ext, options);

  const c2paPresent = options.c2paMarker || (type.ext === 'png' && (await pngHasCaBX(path)));
  const pages = meta.pages ?? 1;
  return {
    format: type.ext === 'tif' ? 'tiff' : type.ext === 'jpg' ? 'jpeg' : type.ext,
    extension: type.ext,
    mimeType: type.mime,
    width: meta.width,
    height: meta.pageHeight ?? meta.height,
    bitDepth: meta.bitsPerSample ?? depthBits(meta.depth),
    channels: meta.channels,
    colourSpace: meta.space,
    hasAlpha: meta.hasAlpha,
    pages,
    hasExif: Boolean(meta.exif),
    hasXmp: Boolean(meta.xmp),
    hasIptc: Boolean(meta.iptc),
    hasIcc: Boolean(meta.icc),
    c2paPresent,
    metadata: await summariseMetadata(path, meta, {
      Format: type.mime,
      ...(pages > 1 ? { Pages: String(pages) } : {}),
      'C2PA manifest': c2paPresent ? 'present (not validated)' : 'none found',
    }),
  };
}

async function readHeader(path: string, displayName: string, ext: string): Promise<HeaderFacts> {
  try {
    // No pixel limit here: metadata() reads the header only, and we want the real dimensions to report.
    const meta = await sharp(path, { limitInputPixels: false, pages: -1 }).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions in header');
    return meta;
  } catch (error) {
    throw (
      heifUnsupported(ext, displayName, error) ??
      new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" has an unreadable image header: ${libvipsReason(error)}.`, { cause: error })
    );
  }
}

/** SVG is text, so magic bytes miss it; an `<svg` element near the start is enough to name it. */
async function looksLikeSvg(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return /<svg[\s>]/i.test(head.toString('utf8', 0, bytesRead));
  } finally {
    await file.close();
  }
}

async function readBmpHeaderFacts(path: string, displayName: string): Promise<HeaderFacts> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(256);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const bmp = readBmpHeader(head.subarray(0, bytesRead), displayName);
    return {
      width: bmp.width,
      height: bmp.height,
      channels: bmp.hasAlpha ? 4 : 3,
      space: 'srgb',
      depth: 'uchar',
      bitsPerSample: 8,
      hasAlpha: bmp.hasAlpha,
      isPalette: bmp.bitsPerPixel <= 8,
    };
  } finally {
    await file.close();
  }
}

/** The decoder input: the file itself, or for BMP the raw pixels ./bmp.ts decoded. */
async function decoderFor(path: string, displayName: string, ext: string, maxPixels: number): Promise<Sharp> {
  if (ext !== 'bmp') return sharp(path, { failOn: 'error', limitInputPixels: maxPixels });
  const bmp = decodeBmp(await readFile(path), displayName);
  return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: bmp.channels }, limitInputPixels: maxPixels });
}

async function decodeToThumbnail(path: string, displayName: string, ext: string, options: { maxPixels: number; thumbnailPath: string }) {
  try {
    const decoder = await decoderFor(path, displayName, ext, options.maxPixels);
    // rotate() applies EXIF orientation to the THUMBNAIL only; the vault keeps the original bytes.
    await decoder
      .rotate()
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toFile(options.thumbnailPath);
  } catch (error) {
    if (error instanceof IntakeRejection) throw error;
    throw (
      heifUnsupported(ext, displayName, error) ??
      new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" is truncated or corrupt and cannot be decoded: ${libvipsReason(error)}.`, {
        cause: error,
      })
    );
  }
}

/**
 * HEIF containers hold HEVC (HEIC) or AV1 (AVIF) pictures. sharp's prebuilt libvips decodes AV1
 * only (HEVC is patent-encumbered), and libheif's "no decoder" and "broken file" errors look
 * alike, so a HEIC that fails to decode is reported as a format this build cannot read rather
 * than as corrupt: the analyst can convert it with a trusted tool and record that step.
 */
function heifUnsupported(ext: string, displayName: string, error: unknown): IntakeRejection | null {
  const reason = libvipsReason(error);
  if (ext === 'heic' || (ext === 'avif' && /unsupported|no known|not a known|plugin|compression format/i.test(reason))) {
    return new IntakeRejection(
      'UNSUPPORTED_FORMAT',
      `"${displayName}" is a ${ext.toUpperCase()} image this build cannot decode ` +
        `(${ext === 'heic' ? 'its HEIF decoder reads AV1 pictures, not HEVC; ' : ''}detail: ${reason}). ` +
        'Convert it losslessly with a trusted tool, import the result and note the conversion.',
      { cause: error },
    );
  }
  return null;
}

function depthBits(depth: HeaderFacts['depth']): number {
  const bits: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, complex: 64, double: 64, dpcomplex: 128 };
  return bits[depth] ?? 8;
}

/**
 * libvips repeats one "<file>: bad seek to N" line per retry and names the (temp) file it read;
 * keep only the lines that say why, without paths the analyst never chose.
 */
function libvipsReason(error: unknown): string {
  const lines = (error as Error).message
    .split(/\n|;\s/)
    .map((l) => l.replace(/\S*:?\s*bad seek to \d+/g, '').replace(/\/\S+\.part:\s*/g, '').replace(/:\s*$/, '').trim())
    .filter(Boolean);
  return [...new Set(lines)].join('; ').replace(/\.$/, '') || 'no detail';
}