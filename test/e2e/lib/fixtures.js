// Import fixtures made at run time: three small, distinct, real images and one text file
// disguised as a JPEG, with the SHA-256 each real file must keep through import.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

/**
 * @typedef {{ name: string, path: string, sha256: string, width: number, height: number, format: string }} FixtureImage
 * @typedef {{ dir: string, images: FixtureImage[], bad: { name: string, path: string } }} FixtureFolder
 */

/** SHA-256 of a file's bytes, lowercase hex. */
export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** width×height RGB pixels from a colour function, so every fixture has its own content. */
function rawPixels(width, height, colour) {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(colour(x, y), (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

const SPECS = [
  { name: 'gradient.png', width: 64, height: 48, format: 'png', colour: (x, y) => [x * 4, y * 5, 128], encode: (s) => s.png() },
  { name: 'checker.jpg', width: 80, height: 60, format: 'jpeg', colour: (x, y) => (((x >> 3) + (y >> 3)) % 2 ? [240, 200, 20] : [20, 40, 200]), encode: (s) => s.jpeg({ quality: 90 }) },
  { name: 'rings.webp', width: 50, height: 50, format: 'webp', colour: (x, y) => { const r = Math.hypot(x - 25, y - 25); return [(r * 20) % 256, 90, 255 - ((r * 10) % 256)]; }, encode: (s) => s.webp({ lossless: true }) },
];

/** The rejected file: text with an image name. */
export const BAD_FILE_NAME = 'not-a-photo.jpg';

/**
 * Writes the fixture folder `<parent>/<name>` and returns its files with their hashes.
 * @returns {Promise<FixtureFolder>}
 */
export async function makeFixtureFolder(parent, name = 'evidence-drop') {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  const images = [];
  for (const spec of SPECS) {
    const path = join(dir, spec.name);
    await spec.encode(rawPixels(spec.width, spec.height, spec.colour)).toFile(path);
    images.push({ name: spec.name, path, sha256: sha256Of(path), width: spec.width, height: spec.height, format: spec.format });
  }
  const badPath = join(dir, BAD_FILE_NAME);
  writeFileSync(badPath, 'This is a plain text note, not a photograph.\n');
  if (new Set(images.map((i) => i.sha256)).size !== images.length) throw new Error('fixture images are not distinct');
  return { dir, images, bad: { name: BAD_FILE_NAME, path: badPath } };
}

/** The bundled demo sample images (same filter as electron/services/demo-case.ts), with hashes. */
export function demoSamples() {
  const dir = resolve('build/demo-samples');
  return readdirSync(dir)
    .filter((name) => /\.(png|jpe?g|webp|tiff?|gif)$/i.test(name))
    .sort()
    .map((name) => ({ name, sha256: sha256Of(join(dir, name)) }));
}
