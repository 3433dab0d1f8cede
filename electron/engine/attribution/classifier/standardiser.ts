/** Per-dimension z-scoring fitted on training vectors only. */
export interface Standardiser {
  mean: Float64Array;
  scale: Float64Array;
}

/** Fits mean and standard deviation per dimension; near-constant dimensions get scale 1. */
export function fitStandardiser(rows: readonly ArrayLike<number>[]): Standardiser {
  if (rows.length === 0) throw new Error('fitStandardiser needs at least one row');
  const dims = rows[0]!.length;
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (const row of rows) for (let j = 0; j < dims; j++) mean[j]! += row[j]!;
  for (let j = 0; j < dims; j++) mean[j]! /= rows.length;
  for (const row of rows) {
    for (let j = 0; j < dims; j++) {
      const d = row[j]! - mean[j]!;
      scale[j]! += d * d;
    }
  }
  for (let j = 0; j < dims; j++) {
    const sd = Math.sqrt(scale[j]! / rows.length);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

export function standardise(s: Standardiser, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(s.mean.length);
  for (let j = 0; j < out.length; j++) out[j] = (row[j]! - s.mean[j]!) / s.scale[j]!;
  return out;
}
