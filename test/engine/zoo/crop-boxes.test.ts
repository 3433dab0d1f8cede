import { describe, expect, it } from 'vitest';
import { cropSeed, seededCropBox } from '../../../electron/engine/zoo/crop-boxes.js';

const sha = 'ab'.repeat(32);

describe('seeded crop boxes', () => {
  it('are a pure function of the seed and stay inside the photo, leaving room for the render span', () => {
    const a = seededCropBox(cropSeed(sha, 'sr-esrgan-medium-x3', 0), 400, 300, 256, 258);
    expect(seededCropBox(cropSeed(sha, 'sr-esrgan-medium-x3', 0), 400, 300, 256, 258)).toEqual(a);
    expect(a[2]).toBe(256);
    expect(a[0] + 258).toBeLessThanOrEqual(400);
    expect(a[1] + 258).toBeLessThanOrEqual(300);
    for (let k = 0; k < 50; k++) {
      const [x, y] = seededCropBox(cropSeed(sha, 'g', k), 257, 256, 256, 258);
      expect(x + 256).toBeLessThanOrEqual(257);
      expect(y).toBe(0);
    }
  });

  it('differ between generators unless the same crop is asked for', () => {
    const boxes = ['a', 'b', 'c', 'd'].map((g) => seededCropBox(cropSeed(sha, g, 0), 4000, 3000, 256).join());
    expect(new Set(boxes).size).toBe(4);
    expect(cropSeed(sha, undefined, 3)).toBe(cropSeed(sha, undefined, 3));
    expect(() => seededCropBox('x', 200, 300, 256)).toThrow(RangeError);
  });
});
