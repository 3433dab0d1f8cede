import { CausalPrintError } from '../../contract/errors.js';
import type { FixtureConstantInput, FixtureInput } from './fixture-schema.js';
import type { Float32TensorData } from './onnx-model.js';

/** The 8-bit pattern every fixture uses (native-models/tfjs/fixture.mjs writes the same). */
export const FIXTURE_PATTERN_PREFIX = 'u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255';

/** 8-bit value of the deterministic pattern at column x, row y, channel c (R,G,B = 0,1,2). */
export function fixtureU8(x: number, y: number, c: number): number {
  return (5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255;
}

/** value = (u8 / div + offset) × scale × (rampOverBatch ? n + 1 : 1), in float64, stored float32. */
export interface FixtureValueRule {
  div: number;
  offset: number;
  scale: number;
  rampOverBatch: boolean;
}

/**
 * The value rule of a fixture input: its div/offset fields, else the formula its pattern text
 * states (the recorders write one of three: `u8 / div` via the field, `u8 / D - 1`, or
 * `(u8 / D - 1) * S` with `batch item n = value * (n + 1)`). Unknown wording is refused.
 */
export function fixtureValueRule(input: FixtureInput): FixtureValueRule {
  if (!input.pattern.startsWith(FIXTURE_PATTERN_PREFIX)) {
    throw new CausalPrintError('UNSUPPORTED', `Unknown fixture input pattern for ${input.name}: ${input.pattern}`, { pattern: input.pattern });
  }
  const rampOverBatch = /batch item n = value \* \(n \+ 1\)/.test(input.pattern);
  const scaled = /value = \(u8 \/ ([\d.]+) - 1\) \* ([\d.]+)/.exec(input.pattern);
  if (scaled) return { div: Number(scaled[1]), offset: -1, scale: Number(scaled[2]), rampOverBatch };
  if (input.div !== undefined) return { div: input.div, offset: input.offset ?? 0, scale: 1, rampOverBatch };
  const centred = /value = u8 \/ ([\d.]+) - 1\b/.exec(input.pattern);
  if (centred) return { div: Number(centred[1]), offset: -1, scale: 1, rampOverBatch };
  throw new CausalPrintError('UNSUPPORTED', `Fixture input ${input.name} states no value rule this checker knows: ${input.pattern}`, { pattern: input.pattern });
}

/** The fixture's pattern input tensor, NCHW float32, following its value rule. */
export function fixtureInputTensor(input: FixtureInput): Float32TensorData {
  const rule = fixtureValueRule(input);
  const [n, channels, h, w] = input.shape;
  if (input.shape.length !== 4 || channels !== 3 || n === undefined || h === undefined || w === undefined) {
    throw new CausalPrintError('UNSUPPORTED', `Fixture input ${input.name} must be [N,3,H,W], got [${input.shape.join(',')}].`, { shape: input.shape });
  }
  const data = new Float32Array(n * 3 * h * w);
  for (let b = 0; b < n; b++) {
    const ramp = rule.rampOverBatch ? b + 1 : 1;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < h; y++) {
        const row = ((b * 3 + c) * h + y) * w;
        for (let x = 0; x < w; x++) data[row + x] = (fixtureU8(x, y, c) / rule.div + rule.offset) * rule.scale * ramp;
      }
    }
  }
  return { data, dims: [n, 3, h, w] };
}

/** A constant extra input (such as a timestep), exactly the recorded values. */
export function fixtureConstantTensor(input: FixtureConstantInput): Float32TensorData {
  const size = input.shape.reduce((a, b) => a * b, 1);
  if (size !== input.values.length) {
    throw new CausalPrintError('VALIDATION', `Fixture input ${input.name} has ${input.values.length} values for shape [${input.shape.join(',')}].`);
  }
  return { data: Float32Array.from(input.values), dims: input.shape };
}

/** Every input of a fixture run: the pattern input plus the constant extras. */
export function fixtureFeeds(fixture: { input: FixtureInput; extraInputs?: FixtureConstantInput[] | undefined }): Record<string, Float32TensorData> {
  const feeds: Record<string, Float32TensorData> = { [fixture.input.name]: fixtureInputTensor(fixture.input) };
  for (const extra of fixture.extraInputs ?? []) feeds[extra.name] = fixtureConstantTensor(extra);
  return feeds;
}
