import { describe, expect, it } from 'vitest';
import { fixtureFeeds, fixtureInputTensor, fixtureU8, fixtureValueRule } from '../../../electron/engine/models/fixture-input.js';

const U8 = 'u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255 (integers, x = column, y = row, c = R,G,B); ';
const SR_PATTERN = `${U8}input value = u8 for 0-255 models, u8/255 (computed in float64, stored float32) for 0-1 models; NCHW float32, batch 1`;
const DIFFUSION_PATTERN = `${U8}value = u8 / 127.5 - 1 (float64, stored float32); NCHW float32, batch 1`;
const SSL_PATTERN = `${U8}value = (u8 / 127.5 - 1) * 0.05 (float64, stored float32; a signed residual of up to ~6 8-bit levels); batch item n = value * (n + 1); NCHW float32`;

describe('fixture inputs', () => {
  it('follow the recorded 8-bit formula in NCHW order', () => {
    expect([fixtureU8(0, 0, 0), fixtureU8(1, 0, 0), fixtureU8(0, 1, 0), fixtureU8(4, 4, 0), fixtureU8(0, 0, 1), fixtureU8(50, 0, 2)]).toEqual([0, 5, 3, 20 + 12 + 4, 85, (250 + 170) & 255]);
    const t = fixtureInputTensor({ name: 'x', shape: [1, 3, 4, 5], dtype: 'float32', div: 255, pattern: SR_PATTERN });
    expect(t.dims).toEqual([1, 3, 4, 5]);
    // channel 1, row 2, column 3: (15 + 6 + (6 >> 2) + 85) / 255 stored as float32
    expect(t.data[(1 * 4 + 2) * 5 + 3]).toBe(Math.fround(107 / 255));
  });

  it('apply each recorder’s value rule: div field, u8/127.5 − 1, and the scaled batch ramp of the SSL encoder', () => {
    expect(fixtureValueRule({ name: 'lr', shape: [1, 3, 2, 2], dtype: 'float32', div: 1, pattern: SR_PATTERN })).toEqual({ div: 1, offset: 0, scale: 1, rampOverBatch: false });
    expect(fixtureValueRule({ name: 'x_t', shape: [1, 3, 2, 2], dtype: 'float32', div: 127.5, offset: -1, pattern: DIFFUSION_PATTERN })).toEqual({ div: 127.5, offset: -1, scale: 1, rampOverBatch: false });
    expect(fixtureValueRule({ name: 'x_t', shape: [1, 3, 2, 2], dtype: 'float32', pattern: DIFFUSION_PATTERN }).offset).toBe(-1);
    const ssl = fixtureInputTensor({ name: 'residual', shape: [2, 3, 4, 4], dtype: 'float32', pattern: SSL_PATTERN });
    const u8 = fixtureU8(3, 1, 2);
    const plane = 16;
    expect(ssl.data[(0 * 3 + 2) * plane + 1 * 4 + 3]).toBe(Math.fround((u8 / 127.5 - 1) * 0.05));
    expect(ssl.data[(1 * 3 + 2) * plane + 1 * 4 + 3]).toBe(Math.fround((u8 / 127.5 - 1) * 0.05 * 2));
  });

  it('feed constant extra inputs such as the diffusion timestep', () => {
    const feeds = fixtureFeeds({
      input: { name: 'x_t', shape: [1, 3, 2, 2], dtype: 'float32', div: 127.5, offset: -1, pattern: DIFFUSION_PATTERN },
      extraInputs: [{ name: 't', shape: [1], dtype: 'float32', values: [200] }],
    });
    expect(Object.keys(feeds)).toEqual(['x_t', 't']);
    expect(Array.from(feeds.t?.data ?? [])).toEqual([200]);
  });

  it('refuse a pattern or a value rule they do not know instead of guessing', () => {
    expect(() => fixtureInputTensor({ name: 'x', shape: [1, 3, 2, 2], dtype: 'float32', div: 1, pattern: 'gaussian noise seed 0' })).toThrow(/Unknown fixture input pattern/);
    expect(() => fixtureInputTensor({ name: 'x', shape: [1, 3, 2, 2], dtype: 'float32', pattern: `${U8}value = sqrt(u8)` })).toThrow(/no value rule/);
  });
});
