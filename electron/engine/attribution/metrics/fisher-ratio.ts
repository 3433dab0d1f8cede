/**
 * Fisher discriminant ratio trace(S_b) / trace(S_w) of labelled vectors: between-class
 * scatter (class means around the grand mean, weighted by class size) over within-class
 * scatter (vectors around their class mean). Scale-free; higher = better separated.
 */
export function fisherRatio(vectors: readonly ArrayLike<number>[], labels: readonly string[]): number {
  if (vectors.length === 0 || vectors.length !== labels.length) return NaN;
  const dims = vectors[0]!.length;
  const grand = new Float64Array(dims);
  const sums = new Map<string, { sum: Float64Array; n: number }>();
  vectors.forEach((v, i) => {
    let entry = sums.get(labels[i]!);
    if (!entry) sums.set(labels[i]!, (entry = { sum: new Float64Array(dims), n: 0 }));
    entry.n++;
    for (let j = 0; j < dims; j++) {
      entry.sum[j]! += v[j]!;
      grand[j]! += v[j]!;
    }
  });
  if (sums.size < 2) return NaN;
  for (let j = 0; j < dims; j++) grand[j]! /= vectors.length;
  const means = new Map<string, Float64Array>();
  let between = 0;
  for (const [label, { sum, n }] of sums) {
    const mean = sum.map((s) => s / n);
    means.set(label, mean);
    for (let j = 0; j < dims; j++) between += n * (mean[j]! - grand[j]!) ** 2;
  }
  let within = 0;
  vectors.forEach((v, i) => {
    const mean = means.get(labels[i]!)!;
    for (let j = 0; j < dims; j++) within += (v[j]! - mean[j]!) ** 2;
  });
  return within > 0 ? between / within : Infinity;
}
