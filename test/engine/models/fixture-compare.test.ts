import { describe, expect, it } from 'vitest';
import { compareWithFixture, tensorStats } from '../../../electron/engine/models/fixture-compare.js';
import type { Fixture } from '../../../electron/engine/models/fixture-schema.js';

const PATTERN = 'u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255 (integers, x = column, y = row, c = R,G,B)';

function recordedFixture(output: Float32Array, dims: number[]): Fixture {
  return {
    id: 'toy',
    file: 'toy.onnx',
    input: { name: 'x', shape: [1, 3, 2, 2], dtype: 'float32', div: 1, pattern: PATTERN },
    outputs: [{ name: 'y', fixtureShape: dims, stats: tensorStats(output), slices: [{ start: 0, values: Array.from(output.subarray(0, 4)) }] }],
    tolerance: { maxAbsDiffRelativeToOutputRange: 1e-3 },
  };
}

describe('compareWithFixture', () => {
  const recorded = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 100);
  const fixture = recordedFixture(recorded, [1, 64]);

  it('passes the recorded values and small float noise', () => {
    const noisy = recorded.map((v) => v + 0.05); // 0.05 / range 200 = 2.5e-4 < 1e-3
    expect(compareWithFixture(fixture, { y: { data: recorded, dims: [1, 64] } }).passed).toBe(true);
    expect(compareWithFixture(fixture, { y: { data: noisy, dims: [1, 64] } }).passed).toBe(true);
  });

  it('fails a sampled value beyond tolerance, a wrong shape and a missing output', () => {
    const changed = recorded.slice();
    changed[2] = (changed[2] as number) + 1; // 1 / ~200 = 5e-3 > 1e-3
    const off = compareWithFixture(fixture, { y: { data: changed, dims: [1, 64] } });
    expect(off.passed).toBe(false);
    expect(off.outputs[0]?.problems.join()).toContain('value[2]');
    expect(compareWithFixture(fixture, { y: { data: recorded, dims: [64, 1] } }).passed).toBe(false);
    expect(compareWithFixture(fixture, {}).outputs[0]?.problems).toEqual(['output missing']);
  });

  it('fails when values outside the samples drift (statistics check)', () => {
    const drifted = recorded.slice();
    for (let i = 8; i < 64; i++) drifted[i] = (drifted[i] as number) + 5;
    expect(compareWithFixture(fixture, { y: { data: drifted, dims: [1, 64] } }).outputs[0]?.problems.join()).toMatch(/mean/);
  });
});
