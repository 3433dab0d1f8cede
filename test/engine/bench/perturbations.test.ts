import { describe, expect, it } from 'vitest';
import { alignedCentreCrop, randomCrop, reencodeJpeg, resizeImage } from '../../../electron/engine/bench/image-io.js';
import { syntheticImage } from '../baselines/synthetic-generators.js';

const image = syntheticImage('checker', 5);

describe('perturbations', () => {
  it('JPEG re-encoding keeps the size and changes the pixels, more at lower quality', async () => {
    const q90 = await reencodeJpeg(image, 90);
    const q75 = await reencodeJpeg(image, 75);
    const err = (a: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - image.data[i]!), 0) / a.length;
    expect([q90.width, q90.height]).toEqual([64, 64]);
    expect(err(q90.data)).toBeGreaterThan(0);
    expect(err(q75.data)).toBeGreaterThan(err(q90.data));
  });

  it('resizing scales both sides', async () => {
    const small = await resizeImage(image, 0.75);
    const large = await resizeImage(image, 1.5);
    expect([small.width, small.height, large.width, large.height]).toEqual([48, 48, 96, 96]);
  });

  it('random crop is deterministic per seed and copies the right pixels', () => {
    const a = randomCrop(image, 0.8, 3);
    expect(randomCrop(image, 0.8, 3).data).toEqual(a.data);
    expect([a.width, a.height]).toEqual([51, 51]);
    const [x, y] = a.notes.at(-1)!.match(/at (\d+),(\d+)/)!.slice(1).map(Number) as [number, number];
    expect(a.data[0]).toBe(image.data[(y * 64 + x) * 3]);
  });
});

describe('alignedCentreCrop', () => {
  it('takes the central window at a 16-aligned offset and copies the right pixels; small images stay whole', () => {
    const width = 100, height = 70;
    const data = new Float32Array(width * height * 3).map((_, i) => i % 251);
    const image = { width, height, channels: 3 as const, data, bitDepth: 8, notes: [] };
    const crop = alignedCentreCrop(image, 40);
    expect([crop.width, crop.height]).toEqual([40, 40]);
    // x = floor(30 / 16) * 16 = 16, y = floor(15 / 16) * 16 = 0
    expect(crop.notes.at(-1)).toBe('aligned centre crop 40×40 at 16,0');
    expect(crop.data[(2 * 40 + 3) * 3 + 1]).toBe(data[((0 + 2) * width + 16 + 3) * 3 + 1]);
    expect(alignedCentreCrop(image, 100)).toBe(image);
    expect(alignedCentreCrop(image, 80).width).toBe(80);
    expect(alignedCentreCrop(image, 80).height).toBe(70);
  });
});
