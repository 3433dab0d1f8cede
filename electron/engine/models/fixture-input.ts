import { CausalPrintError } from '../../contract/errors.js';
import type { FixtureInput } from './fixture-schema.js';
import type { Float32TensorData } from './onnx-model.js';

/** The only pattern the fixtures use so far (native-models/tfjs/fixture.mjs writes the same). */
export const FIXTURE_PATTERN_PREFIX = 'u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255';

/** 8-bit value of the deterministic pattern at column x, row y, channel c (R,G,B = 0,1,2). */
export function fixtureU8(x: number, y: number, c: number): number {
  return (5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255;
}

/**
 * The fixture's input tensor, NCHW float32: every batch item carries the pattern, value =
 * u8 / div computed in float64 and stored as float32 (the recorders did exactly this).
 */
export function fixtureInputTensor(input: FixtureInput): Float32TensorData {
  if (!input.pattern.startsWith(FIXTURE_PATTERN_PREFIX)) {
    throw new CausalPrintError('UNSUPPORTED', `Unknown fixture input pattern for ${input.name}: ${input.pattern}`, { pattern: input.pattern });
  }
  const [n, channels, h, w] = input.shape;
  if (input.shape.length !== 4 || channels !== 3 || n === undefined || h === undefined || w === undefined) {
    throw new CausalPrintError('UNSUPPORTED', `Fixture input ${input.name} must be [N,3,H,W], got [${input.shape.join(',')}].`, { shape: input.shape });
  }
  const data = new Float32Array(n * 3 * h * w);
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < h; y++) {
        const row = ((b * 3 + c) * h + y) * w;
        for (let x = 0; x < w; x++) data[row + x] = fixtureU8(x, y, c) / input.div;
      }
    }
  }
  return { data, dims: [n, 3, h, w] };
}
