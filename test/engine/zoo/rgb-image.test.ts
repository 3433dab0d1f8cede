import { describe, expect, it } from 'vitest';
import { boxDownscaleToNchw, cropWithEdgeRepeat, fromNchw, toNchw, type RgbImage } from '../../../electron/engine/zoo/rgb-image.js';

/** 4×2 image whose R = x + 10y, G = 100 + R, B = 200 + x. */
const image: RgbImage = {
  width: 4,
  height: 2,
  data: Uint8Array.from({ length: 24 }, (_, i) => {
    const p = Math.floor(i / 3);
    const [x, y, c] = [p % 4, Math.floor(p / 4), i % 3];
    return c === 0 ? x + 10 * y : c === 1 ? 100 + x + 10 * y : 200 + x;
  }),
};

describe('zoo pixel helpers', () => {
  it('box-downscales each factor×factor block to its float mean, per channel, NCHW', () => {
    const { data, width, height } = boxDownscaleToNchw(image, 2, 1);
    expect([width, height]).toEqual([2, 1]);
    expect(Array.from(data)).toEqual([5.5, 7.5, 105.5, 107.5, 200.5, 202.5]);
    expect(boxDownscaleToNchw(image, 2, 255).data[0]).toBe(Math.fround(5.5 / 255));
    expect(() => boxDownscaleToNchw(image, 3, 1)).toThrow(RangeError);
  });

  it('round-trips through NCHW and clips + rounds network output', () => {
    expect(fromNchw(toNchw(image, 255), [1, 3, 2, 4], 255, 4, 2).data).toEqual(image.data);
    const out = fromNchw(Float32Array.from([-3, 254.5, 300, 0.49, 1, 2, 3, 4, 5, 6, 7, 8]), [1, 3, 2, 2], 1, 2, 1);
    expect(Array.from(out.data)).toEqual([0, 1, 5, 255, 2, 6]);
  });

  it('repeats the last row and column beyond the edge', () => {
    const crop = cropWithEdgeRepeat(image, 3, 1, 2, 2);
    expect(Array.from(crop.data.filter((_, i) => i % 3 === 0))).toEqual([13, 13, 13, 13]);
  });
});
