import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { CausalPrintError } from '../../contract/errors.js';
import { readCorpusManifest } from '../models/corpus-summary.js';
import { sha256Bytes } from '../models/sha256.js';
import type { RgbImage } from './rgb-image.js';

/** A source photo for zoo renders. */
export interface PhotoRef {
  /** Stable id: the corpus file path (or the path inside --photos). */
  id: string;
  path: string;
  sha256: string;
  width: number;
  height: number;
  group: 'A' | 'B';
}

/** The corpus split rule (MODELS.md): group A if int(sha256[:8], 16) % 10 < 7, else B. */
export function groupOfSha256(sha256: string): 'A' | 'B' {
  return Number.parseInt(sha256.slice(0, 8), 16) % 10 < 7 ? 'A' : 'B';
}

const byHash = (a: PhotoRef, b: PhotoRef) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0);

/** Photos of the corpus manifest (optionally one group), ordered by SHA-256. */
export async function listCorpusPhotos(manifestPath: string, photosRoot: string, group?: 'A' | 'B'): Promise<PhotoRef[]> {
  const { manifest } = await readCorpusManifest(manifestPath);
  return manifest.photos
    .filter((p) => group === undefined || p.group === group)
    .map((p) => ({ id: p.file, path: join(photosRoot, p.file), sha256: p.sha256, width: p.width, height: p.height, group: p.group }))
    .sort(byHash);
}

const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;

/** Every image under a folder (any photos, e.g. build/demo-samples), grouped by the corpus rule, ordered by SHA-256. */
export async function listFolderPhotos(dir: string, group?: 'A' | 'B'): Promise<PhotoRef[]> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => IMAGE_EXTENSIONS.test(n)).sort();
  const photos: PhotoRef[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const bytes = await readFile(path);
    const meta = await sharp(bytes).metadata();
    const sha256 = sha256Bytes(bytes);
    photos.push({ id: relative(dir, path).split('\\').join('/'), path, sha256, width: meta.width ?? 0, height: meta.height ?? 0, group: groupOfSha256(sha256) });
  }
  return photos.filter((p) => group === undefined || p.group === group).sort(byHash);
}

/**
 * Decodes a photo to 8-bit sRGB at its stored pixel grid (no EXIF rotation, alpha dropped),
 * after checking that its bytes are the ones the list recorded.
 */
export async function decodePhoto(photo: PhotoRef): Promise<RgbImage> {
  const bytes = await readFile(photo.path).catch((error: unknown) => {
    throw new CausalPrintError('NOT_FOUND', `Photo ${photo.id} is missing at ${photo.path} (run npm run models:corpus).`, { photo: photo.id }, { cause: error });
  });
  const actual = sha256Bytes(bytes);
  if (actual !== photo.sha256) throw new CausalPrintError('INTEGRITY', `Photo ${photo.id} has SHA-256 ${actual}, expected ${photo.sha256}.`, { photo: photo.id });
  const { data, info } = await sharp(bytes, { failOn: 'error', pages: 1, autoOrient: false })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new CausalPrintError('UNSUPPORTED', `Photo ${photo.id} decoded to ${info.channels} channels.`, { photo: photo.id });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** PNG bytes of an RGB image, without metadata, so the same pixels always give the same file. */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
}
