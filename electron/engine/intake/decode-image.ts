import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { decodeBmp } from './bmp.js';
import { IntakeRejection } from './rejection.js';

/** The decoder input: the file itself, or for BMP the raw pixels ./bmp.ts decoded. */
async function decoderFor(path: string, displayName: string, ext: string, maxPixels: number): Promise<Sharp> {
  if (ext !== 'bmp') return sharp(path, { failOn: 'error', limitInputPixels: maxPixels });
  const bmp = decodeBmp(await readFile(path), displayName);
  return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: bmp.channels }, limitInputPixels: maxPixels });
}

/** Decodes the whole image once (failing on truncation) and writes a ≤256 px WebP thumbnail. */
export async function decodeToThumbnail(path: string, displayName: string, ext: string, options: { maxPixels: number; thumbnailPath: string }) {
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
export function heifUnsupported(ext: string, displayName: string, error: unknown): IntakeRejection | null {
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

/**
 * libvips repeats one "<file>: bad seek to N" line per retry and names the (temp) file it read;
 * keep only the lines that say why, without paths the analyst never chose.
 */
export function libvipsReason(error: unknown): string {
  const lines = (error as Error).message
    .split(/\n|;\s/)
    .map((l) => l.replace(/\S*:?\s*bad seek to \d+/g, '').replace(/\/\S+\.part:\s*/g, '').replace(/:\s*$/, '').trim())
    .filter(Boolean);
  return [...new Set(lines)].join('; ').replace(/\.$/, '') || 'no detail';
}
