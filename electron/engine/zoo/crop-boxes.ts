import { createHash } from 'node:crypto';

/** [x, y, width, height] in photo pixels. */
export type CropBox = [number, number, number, number];

/**
 * A crop box chosen deterministically from a seed string (e.g. photo SHA-256, generator id and
 * item index): SHA-256 of the seed gives two 48-bit numbers that place the box. `span` is the
 * side the renderer will read (≥ size); it stays inside the photo when the photo is large enough.
 */
export function seededCropBox(seed: string, photoWidth: number, photoHeight: number, size: number, span = size): CropBox {
  if (photoWidth < size || photoHeight < size) throw new RangeError(`a ${size}px crop does not fit a ${photoWidth}×${photoHeight} photo`);
  const digest = createHash('sha256').update(seed).digest();
  const freeX = Math.max(0, photoWidth - Math.max(size, Math.min(span, photoWidth)));
  const freeY = Math.max(0, photoHeight - Math.max(size, Math.min(span, photoHeight)));
  const x = digest.readUIntBE(0, 6) % (freeX + 1);
  const y = digest.readUIntBE(6, 6) % (freeY + 1);
  return [x, y, size, size];
}

/** The seed of one rendered item; `generatorId` is left out when every generator should see the same crop. */
export function cropSeed(photoSha256: string, generatorId: string | undefined, index: number): string {
  return generatorId === undefined ? `${photoSha256}:${index}` : `${photoSha256}:${generatorId}:${index}`;
}
