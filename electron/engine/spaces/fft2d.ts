import FFT from 'fft.js';

/** Magnitude spectrum |F(u, v)| of a real n×n plane (row-major), n a power of two, via fft.js. */
export class Fft2d {
  readonly n: number;
  private readonly fft: FFT;
  private readonly rows: Float64Array;
  private readonly rowOut: number[];
  private readonly column: number[];
  private readonly columnOut: number[];

  constructor(n: number) {
    if (n < 2 || (n & (n - 1)) !== 0) throw new Error(`FFT size must be a power of two, got ${n}.`);
    this.n = n;
    this.fft = new FFT(n);
    this.rows = new Float64Array(2 * n * n);
    this.rowOut = this.fft.createComplexArray() as number[];
    this.column = this.fft.createComplexArray() as number[];
    this.columnOut = this.fft.createComplexArray() as number[];
  }

  /** Returns |F| as n×n row-major, index [v * n + u] (v vertical frequency, u horizontal). */
  magnitude(plane: ArrayLike<number>): Float64Array {
    const n = this.n;
    const rowIn = new Array<number>(n);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) rowIn[x] = plane[y * n + x]!;
      this.fft.realTransform(this.rowOut, rowIn);
      this.fft.completeSpectrum(this.rowOut);
      for (let k = 0; k < 2 * n; k++) this.rows[y * 2 * n + k] = this.rowOut[k]!;
    }
    const out = new Float64Array(n * n);
    for (let u = 0; u < n; u++) {
      for (let y = 0; y < n; y++) {
        this.column[2 * y] = this.rows[y * 2 * n + 2 * u]!;
        this.column[2 * y + 1] = this.rows[y * 2 * n + 2 * u + 1]!;
      }
      this.fft.transform(this.columnOut, this.column);
      for (let v = 0; v < n; v++) out[v * n + u] = Math.hypot(this.columnOut[2 * v]!, this.columnOut[2 * v + 1]!);
    }
    return out;
  }
}
