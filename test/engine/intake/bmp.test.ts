import { describe, expect, it } from 'vitest';
import { decodeBmp, readBmpHeader } from '../../../electron/engine/intake/bmp.js';
import { IntakeRejection } from '../../../electron/engine/intake/rejection.js';
import { encodeBmp, type Rgba } from '../../fixtures/bmp-bytes.js';

// 3×2 so rows need padding (3 px × 3 bytes = 9 → 12) and orientation mistakes show.
const PIXELS: Rgba[] = [
  [255, 0, 0, 255],
  [0, 255, 0, 128],
  [0, 0, 255, 0],
  [10, 20, 30, 255],
  [200, 100, 50, 64],
  [255, 255, 255, 255],
];
const rgb = PIXELS.flatMap(([r, g, b]) => [r, g, b]);
const rgba = PIXELS.flat();

const rejection = (fn: () => unknown): IntakeRejection => {
  try {
    fn();
  } catch (error) {
    if (error instanceof IntakeRejection) return error;
    throw error;
  }
  throw new Error('expected an IntakeRejection');
};

describe('BMP decoding', () => {
  it('decodes a bottom-up 24-bit file with padded rows, top row first', () => {
    const decoded = decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 24 }), 'a.bmp');
    expect(decoded).toMatchObject({ width: 3, height: 2, channels: 3, hasAlpha: false, bitsPerPixel: 24 });
    expect([...decoded.data]).toEqual(rgb);
  });

  it('decodes a top-down file (negative height) to the same pixels', () => {
    expect([...decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 24, topDown: true }), 'a.bmp').data]).toEqual(rgb);
  });

  it('decodes an 8-bit palette file through its palette', () => {
    const decoded = decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 8 }), 'a.bmp');
    expect(decoded.channels).toBe(3);
    expect([...decoded.data]).toEqual(rgb);
  });

  it('ignores the padding byte of plain 32-bit files and keeps alpha of bit-field files', () => {
    expect([...decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 32 }), 'a.bmp').data]).toEqual(rgb);
    const withAlpha = decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 32, alpha: true }), 'a.bmp');
    expect(withAlpha).toMatchObject({ channels: 4, hasAlpha: true });
    expect([...withAlpha.data]).toEqual(rgba);
  });

  it('reads the dimensions from the header alone', () => {
    const head = encodeBmp(3, 2, PIXELS, { bitsPerPixel: 24 }).subarray(0, 54);
    expect(readBmpHeader(head, 'a.bmp')).toEqual({ width: 3, height: 2, bitsPerPixel: 24, hasAlpha: false });
  });

  it('reports a file whose rows are cut short as a corrupt (truncated) image', () => {
    const full = encodeBmp(3, 2, PIXELS, { bitsPerPixel: 24 });
    const error = rejection(() => decodeBmp(full.subarray(0, full.length - 4), 'cut.bmp'));
    expect(error.code).toBe('CORRUPT_IMAGE');
    expect(error.reason).toMatch(/"cut\.bmp" is a truncated BMP/);
  });

  it('refuses RLE-compressed files as unsupported and junk headers as corrupt', () => {
    expect(rejection(() => decodeBmp(encodeBmp(3, 2, PIXELS, { bitsPerPixel: 8, compression: 1 }), 'rle.bmp')).code).toBe('UNSUPPORTED_FORMAT');
    expect(rejection(() => readBmpHeader(Buffer.from('BMxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'junk.bmp')).code).toBe('CORRUPT_IMAGE');
    const masked = encodeBmp(3, 2, PIXELS, { bitsPerPixel: 32, alpha: true });
    masked.writeUInt32LE(40, 14); // claims a 40-byte header with bit fields, then ends before the masks
    expect(rejection(() => readBmpHeader(masked.subarray(0, 58), 'short.bmp')).code).toBe('CORRUPT_IMAGE');
    const zeroWidth = encodeBmp(3, 2, PIXELS, { bitsPerPixel: 24 });
    zeroWidth.writeInt32LE(0, 18);
    expect(rejection(() => readBmpHeader(zeroWidth, 'zero.bmp')).reason).toMatch(/impossible dimensions/);
  });
});
