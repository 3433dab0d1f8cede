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
export function scatterOf(vectors: readonly ArrayLike<number>[], dim: number): Matrix {
  const S = new Float64Array(dim * dim);
  for (const v of vectors) {
    for (let i = 0; i < dim; i++) {
      const vi = v[i]!;
      if (vi === 0) continue;
      const row = i * dim;
      for (let j = i; j < dim; j++) S[row + j]! += vi * v[j]!;
    }
  }
  const n = Math.max(1, vectors.length);
  const out = Matrix.zeros(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const value = S[i * dim + j]! / n;
      out.set(i, j, value);
      out.set(j, i, value);
    }
  }
  return out;
}

/** Gram matrix G[a][b] = ⟨row_a, row_b⟩ (plain loops over typed rows; ml-matrix's generic mmul is slow at this size). */
export function gramOf(rows: readonly Float64Array[]): Matrix {
  const n = rows.length;
  const G = Matrix.zeros(n, n);
  for (let a = 0; a < n; a++) {
    const ra = rows[a]!;
    for (let b = a; b < n; b++) {
      const rb = rows[b]!;
      let s = 0;
      for (let j = 0; j < ra.length; j++) s += ra[j]! * rb[j]!;
      G.set(a, b, s);
      G.set(b, a, s);
    }
  }
  return G;
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
