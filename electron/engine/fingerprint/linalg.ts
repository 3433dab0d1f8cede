import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Eigenpairs of a symmetric matrix, eigenvalues descending, each eigenvector's largest entry positive (so results are reproducible). */
export function symmetricEigen(m: Matrix): { values: number[]; vectors: number[][] } {
  const sym = m.add(m.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return {
    values: order.map(([v]) => v),
    vectors: order.map(([, i]) => {
      const vec = V.getColumn(i);
      let big = 0;
      for (const x of vec) if (Math.abs(x) > Math.abs(big)) big = x;
      return big < 0 ? vec.map((x) => -x) : vec;
    }),
  };
}

/** Mean of row vectors. */
export function meanOf(rows: readonly ArrayLike<number>[], dim: number): number[] {
  const out = new Array<number>(dim).fill(0);
  for (const r of rows) for (let j = 0; j < dim; j++) out[j]! += r[j]!;
  return out.map((v) => v / Math.max(1, rows.length));
}

/** Scatter Σ vvᵀ / n of the given (already centred) vectors. */
export function scatterOf(vectors: readonly number[][], dim: number): Matrix {
  const S = Matrix.zeros(dim, dim);
  if (vectors.length === 0) return S;
  const X = new Matrix(vectors as number[][]);
  return X.transpose().mmul(X).div(vectors.length);
}

/** y = A x for A given as rows. */
export function applyRows(rows: readonly number[][], x: ArrayLike<number>): number[] {
  return rows.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j]! * x[j]!;
    return s;
  });
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

export function trace(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < m.rows; i++) t += m.get(i, i);
  return t;
}
