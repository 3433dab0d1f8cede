import { describe, expect, it } from 'vitest';
import { CausalPrintError } from '../../../electron/contract/errors.js';
import { fromHalfBits, roundToHalf, toHalfBits } from '../../../electron/engine/library/float16.js';
import { decodeFingerprint, encodeFingerprint } from '../../../electron/engine/library/fingerprint-codec.js';

describe('float16 conversion', () => {
  it('round-trips every finite half exactly and rounds to the nearest half, ties to even', () => {
    for (let h = 0; h < 0x10000; h++) {
      const value = fromHalfBits(h);
      if (Number.isNaN(value)) continue;
      if (value === 0) expect(toHalfBits(value) & 0x7fff).toBe(0);
      else expect(toHalfBits(value)).toBe(h);
    }
    expect(roundToHalf(1 + 2 ** -11)).toBe(1); // tie: to the even mantissa
    expect(roundToHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToHalf(65504)).toBe(65504);
    expect(roundToHalf(65520)).toBe(Infinity);
    expect(roundToHalf(3e-8)).toBe(2 ** -24); // subnormal
    expect(roundToHalf(2e-8)).toBe(0);
    expect(roundToHalf(-0.1)).toBeCloseTo(-0.1, 4);
  });
});

describe('compact fingerprint format (float16, compressed)', () => {
  const fp = {
    spaces: { a: Float32Array.from([0.1, -2.5, 3e-5, 0]), b: Float32Array.from(Array.from({ length: 300 }, (_, i) => Math.sin(i) * 7)) },
    perPatch: [{ box: [0, 0, 64, 64] as [number, number, number, number], spaces: { a: Float32Array.from([4, 5, 6, 7]) } }],
    variants: { 'jpeg-75': { a: Float32Array.from([1, 2, 3, 4]) } },
  };

  it('keeps every vector to within float16 rounding, and is smaller than float32', () => {
    const compact = encodeFingerprint(fp, { precision: 'float16' });
    const back = decodeFingerprint(compact);
    expect(Array.from(back.spaces.a!)).toEqual(Array.from(fp.spaces.a).map(roundToHalf));
    expect(Array.from(back.spaces.b!)).toEqual(Array.from(fp.spaces.b).map(roundToHalf));
    expect(Array.from(back.perPatch[0]!.spaces.a!)).toEqual([4, 5, 6, 7]);
    expect(Array.from(back.variants!['jpeg-75']!.a!)).toEqual([1, 2, 3, 4]);
    expect(compact.length).toBeLessThan(encodeFingerprint(fp).length);
    // Deterministic: the same vectors give the same bytes (a shipped library hashes the same).
    expect(encodeFingerprint(back, { precision: 'float16' }).equals(compact)).toBe(true);
  });

  it('refuses a damaged compact blob with an integrity error', () => {
    const compact = encodeFingerprint(fp, { precision: 'float16' });
    const damaged = Buffer.from(compact);
    damaged.fill(0xff, damaged.length - 20);
    expect(() => decodeFingerprint(damaged)).toThrow(CausalPrintError);
    expect(() => decodeFingerprint(compact.subarray(0, compact.length - 30))).toThrow(CausalPrintError);
  });
});
