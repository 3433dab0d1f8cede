/**
 * With L2 regularisation, the optimal weights of a linear model lie in the span of the
 * training rows (representer theorem). When there are more dimensions than rows, fitting in
 * an orthonormal basis of that span (from the eigendecomposition of the Gram matrix, via
 * ml-matrix) gives exactly the same model at a fraction of the cost.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface RowSpan {
  /** Training rows in span coordinates [n × r]. */
  coordinates: Float64Array[];
  /** Maps span-space weights (r) back to full-space weights (D). */
  toFull(weights: Float64Array): Float64Array;
}

export function rowSpan(rows: readonly Float64Array[]): RowSpan {
  const n = rows.length;
  const dims = rows[0]!.length;
  const gram = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    const a = rows[i]!;
    for (let j = i; j < n; j++) {
      const b = rows[j]!;
      let s = 0;
      for (let d = 0; d < dims; d++) s += a[d]! * b[d]!;
      gram.set(i, j, s);
      gram.set(j, i, s);
    }
  }
  const evd = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const maxValue = Math.max(...values);
  const kept = values.flatMap((v, i) => (v > maxValue * 1e-10 ? [i] : []));
  // Basis u_k = Σ_i V[i,k] row_i / √λ_k ; coordinates of row i = V[i,k] √λ_k.
  const coordinates = rows.map((_, i) => Float64Array.from(kept, (k) => vectors.get(i, k) * Math.sqrt(values[k]!)));
  return {
    coordinates,
    toFull(weights) {
      // Per-row coefficients first (n·r), then one pass over the rows (n·D).
      const perRow = new Float64Array(n);
      kept.forEach((k, r) => {
        const scale = weights[r]! / Math.sqrt(values[k]!);
        for (let i = 0; i < n; i++) perRow[i]! += scale * vectors.get(i, k);
      });
      const full = new Float64Array(dims);
      for (let i = 0; i < n; i++) {
        const c = perRow[i]!;
        const row = rows[i]!;
        for (let d = 0; d < dims; d++) full[d]! += c * row[d]!;
      }
      return full;
    },
  };
}
