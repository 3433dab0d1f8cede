import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import type { MetadataSummary } from '../../contract/schemas.js';
import { readBmpHeader } from './bmp.js';
import { decodeToThumbnail, heifUnsupported, libvipsReason } from './decode-image.js';
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

/** What the header says; sharp's Metadata for most formats, built by ./bmp.ts for BMP. */
type HeaderFacts = Partial<Metadata> & Pick<Metadata, 'width' | 'height' | 'channels' | 'space' | 'depth' | 'hasAlpha'>;

/** Everything intake learns about an image, ready to become an evidence row. */
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

function depthBits(depth: HeaderFacts['depth']): number {
  const bits: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, complex: 64, double: 64, dpcomplex: 128 };
  return bits[depth] ?? 8;
}
