/** 8-bit RGB pixels, row-major HWC, as the zoo reads photos and writes renders. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A region of an image; pixels beyond the right/bottom edge repeat the last column/row. */
export function cropWithEdgeRepeat(image: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(top + y, image.height - 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(left + x, image.width - 1);
      const from = (sy * image.width + sx) * 3;
      const to = (y * width + x) * 3;
      data[to] = image.data[from] as number;
      data[to + 1] = image.data[from + 1] as number;
      data[to + 2] = image.data[from + 2] as number;
    }
  }
  return { width, height, data };
}

/**
 * Box (area-average) downscale by an integer factor in float: each output pixel is the mean of
 * a factor×factor block of 8-bit values divided by `divisor` (1: 0..255 scale, 255: 0..1), in
 * float64, stored as planar NCHW float32. Width and height must be multiples of the factor.
 */
export function boxDownscaleToNchw(image: RgbImage, factor: number, divisor: number): { data: Float32Array; width: number; height: number } {
  if (image.width % factor !== 0 || image.height % factor !== 0) {
    throw new RangeError(`${image.width}×${image.height} is not a multiple of ${factor}`);
  }
  const width = image.width / factor;
  const height = image.height / factor;
  const data = new Float32Array(3 * width * height);
  const area = factor * factor;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          const row = (y * factor + dy) * image.width;
          for (let dx = 0; dx < factor; dx++) sum += image.data[(row + x * factor + dx) * 3 + c] as number;
        }
        data[(c * height + y) * width + x] = sum / area / divisor;
      }
    }
  }
  return { data, width, height };
}

/** HWC 8-bit to planar NCHW float32, value / divisor (1 for 0..255 models, 255 for 0..1). */
export function toNchw(image: RgbImage, divisor: number): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) out[c * plane + i] = (image.data[i * 3 + c] as number) / divisor;
  }
  return out;
}

/**
 * Planar NCHW float output (batch 0) back to 8-bit HWC: value × multiplier, clipped to
 * [0, 255] and rounded half up; keeps the top-left width×height region.
 */
export function fromNchw(data: Float32Array, dims: readonly number[], multiplier: number, width: number, height: number): RgbImage {
  const [, channels, h, w] = dims as [number, number, number, number];
  if (channels !== 3 || h < height || w < width) throw new RangeError(`output [${dims.join(',')}] cannot give ${width}×${height} RGB`);
  const out = new Uint8Array(width * height * 3);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = (data[(c * h + y) * w + x] as number) * multiplier;
        out[(y * width + x) * 3 + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5);
      }
    }
  }
  return { width, height, data: out };
}
