import type { Fixture, FixtureOutput } from './fixture-schema.js';
import type { Float32TensorData } from './onnx-model.js';

export interface OutputComparison {
  name: string;
  passed: boolean;
  shapeMatches: boolean;
  /** Largest |got − recorded| over the sampled values and the four statistics. */
  maxAbsDiff: number;
  /** maxAbsDiff divided by the recorded output range (max − min). */
  maxAbsDiffRelative: number;
  tolerance: number;
  problems: string[];
}

export interface FixtureComparison {
  id: string;
  passed: boolean;
  outputs: OutputComparison[];
}

/** min, max, mean and (population) standard deviation, accumulated in float64. */
export function tensorStats(data: Float32Array): { min: number; max: number; mean: number; std: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / data.length;
  return { min, max, mean, std: Math.sqrt(Math.max(0, sumSq / data.length - mean * mean)) };
}

function compareOutput(recorded: FixtureOutput, got: Float32TensorData | undefined, relativeTolerance: number): OutputComparison {
  const range = recorded.stats.max - recorded.stats.min;
  // A constant output has no range; fall back to its magnitude so the tolerance stays meaningful.
  const scale = range > 0 ? range : Math.max(1, Math.abs(recorded.stats.max));
  const tolerance = relativeTolerance * scale;
  const problems: string[] = [];
  if (!got) return { name: recorded.name, passed: false, shapeMatches: false, maxAbsDiff: Infinity, maxAbsDiffRelative: Infinity, tolerance, problems: ['output missing'] };
  const shapeMatches = got.dims.length === recorded.fixtureShape.length && got.dims.every((d, i) => d === recorded.fixtureShape[i]);
  if (!shapeMatches) problems.push(`shape [${got.dims.join(',')}] instead of [${recorded.fixtureShape.join(',')}]`);
  let maxAbsDiff = 0;
  const note = (what: string, diff: number) => {
    if (!(diff <= tolerance)) problems.push(`${what} differs by ${diff}`);
    maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(diff) ? Infinity : diff);
  };
  if (shapeMatches) {
    for (const slice of recorded.slices) {
      slice.values.forEach((value, k) => {
        const index = slice.start + k;
        note(`value[${index}]`, index < got.data.length ? Math.abs((got.data[index] as number) - value) : Infinity);
      });
    }
    const stats = tensorStats(got.data);
    for (const key of ['min', 'max', 'mean', 'std'] as const) note(key, Math.abs(stats[key] - recorded.stats[key]));
  }
  const passed = shapeMatches && problems.length === 0;
  return { name: recorded.name, passed, shapeMatches, maxAbsDiff: shapeMatches ? maxAbsDiff : Infinity, maxAbsDiffRelative: shapeMatches ? maxAbsDiff / scale : Infinity, tolerance, problems };
}

/**
 * Compares a run on the fixture input with the values recorded at export time: shapes, the
 * sampled values and the output statistics, each within the fixture's tolerance times the
 * recorded output range.
 */
export function compareWithFixture(fixture: Fixture, outputs: Record<string, Float32TensorData>): FixtureComparison {
  const rel = fixture.tolerance.maxAbsDiffRelativeToOutputRange;
  const compared = fixture.outputs.map((recorded) => compareOutput(recorded, outputs[recorded.name], rel));
  return { id: fixture.id, passed: compared.every((c) => c.passed), outputs: compared };
}
