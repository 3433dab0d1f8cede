/**
 * Rich-model style residual statistics (Fridrich & Kodovský 2012, SPAM): high-pass residuals
 * are quantised, truncated to [−T, T] and counted as co-occurrences of three neighbours, per
 * channel and jointly across the three colour channels. Histograms are normalised and
 * square-rooted (Hellinger), so a linear classifier sees comparable scales.
 */
import type { Plane } from './planes.js';

/** A high-pass filter as taps (dy, dx, weight) and its quantisation step. */
interface ResidualFilter {
  name: string;
  taps: [number, number, number][];
  q: number;
}

export const TRUNCATION = 2;
const LEVELS = 2 * TRUNCATION + 1;
export const TRIPLE_BINS = LEVELS ** 3;

/** Horizontal members; vertical ones are their transposes. */
const DIRECTIONAL: ResidualFilter[] = [
  { name: 'first', taps: [[0, 0, -1], [0, 1, 1]], q: 1 },
  { name: 'second', taps: [[0, -1, 1], [0, 0, -2], [0, 1, 1]], q: 2 },
  { name: 'third', taps: [[0, -1, 1], [0, 0, -3], [0, 1, 3], [0, 2, -1]], q: 3 },
];
const KB: ResidualFilter = {
  name: 'kb3x3',
  taps: [[-1, -1, -1], [-1, 0, 2], [-1, 1, -1], [0, -1, 2], [0, 0, -4], [0, 1, 2], [1, -1, -1], [1, 0, 2], [1, 1, -1]],
  q: 4,
};

function transpose(f: ResidualFilter): ResidualFilter {
  return { name: `${f.name}-v`, taps: f.taps.map(([dy, dx, w]) => [dx, dy, w]), q: f.q };
}

/** Quantised, truncated residual codes 0..LEVELS−1 on the interior (2-pixel margin), row-major over (h−4)×(w−4). */
function residualCodes(plane: Plane, filter: ResidualFilter): Uint8Array {
  const { width: w, height: h } = plane;
  const iw = w - 4, ih = h - 4;
  const out = new Uint8Array(Math.max(0, iw * ih));
  const offsets = Int32Array.from(filter.taps, ([dy, dx]) => dy * w + dx);
  const weights = Float64Array.from(filter.taps, ([, , wt]) => wt);
  const taps = offsets.length;
  const inverseQ = 1 / filter.q;
  const src = plane.data;
  for (let y = 0; y < ih; y++) {
    let centre = (y + 2) * w + 2;
    let o = y * iw;
    for (let x = 0; x < iw; x++, centre++, o++) {
      let r = 0;
      for (let t = 0; t < taps; t++) r += weights[t]! * src[centre + offsets[t]!]!;
      let q = Math.round(r * inverseQ);
      if (q > TRUNCATION) q = TRUNCATION;
      else if (q < -TRUNCATION) q = -TRUNCATION;
      out[o] = q + TRUNCATION;
    }
  }
  return out;
}

/** Adds triples (p, p+step, p+2·step) along rows (step 1) or columns (step = row width). */
function countTriples(codes: Uint8Array, iw: number, ih: number, alongRows: boolean, hist: Float64Array, offset: number): void {
  if (alongRows) {
    for (let y = 0; y < ih; y++) for (let x = 0; x + 2 < iw; x++) {
      const p = y * iw + x;
      hist[offset + codes[p]! * LEVELS * LEVELS + codes[p + 1]! * LEVELS + codes[p + 2]!]! += 1;
    }
  } else {
    for (let y = 0; y + 2 < ih; y++) for (let x = 0; x < iw; x++) {
      const p = y * iw + x;
      hist[offset + codes[p]! * LEVELS * LEVELS + codes[p + iw]! * LEVELS + codes[p + 2 * iw]!]! += 1;
    }
  }
}

function hellinger(hist: Float64Array, blockSize: number): Float64Array {
  for (let off = 0; off < hist.length; off += blockSize) {
    let sum = 0;
    for (let i = 0; i < blockSize; i++) sum += hist[off + i]!;
    for (let i = 0; i < blockSize; i++) hist[off + i] = sum > 0 ? Math.sqrt(hist[off + i]! / sum) : 0;
  }
  return hist;
}

/**
 * Per channel: for first/second/third-order filters, a "parallel" histogram (horizontal
 * residual along rows + vertical along columns) and a "perpendicular" one; for the 3×3 KB
 * filter one histogram along both directions. 7 × 125 bins per channel.
 */
export function srmCooccurrence(planes: readonly Plane[]): Float64Array {
  const blocksPerPlane = DIRECTIONAL.length * 2 + 1;
  const hist = new Float64Array(planes.length * blocksPerPlane * TRIPLE_BINS);
  planes.forEach((plane, c) => {
    const iw = plane.width - 4, ih = plane.height - 4;
    let block = c * blocksPerPlane;
    for (const f of DIRECTIONAL) {
      const h = residualCodes(plane, f);
      const v = residualCodes(plane, transpose(f));
      countTriples(h, iw, ih, true, hist, block * TRIPLE_BINS);
      countTriples(v, iw, ih, false, hist, block * TRIPLE_BINS);
      block++;
      countTriples(h, iw, ih, false, hist, block * TRIPLE_BINS);
      countTriples(v, iw, ih, true, hist, block * TRIPLE_BINS);
      block++;
    }
    const k = residualCodes(plane, KB);
    countTriples(k, iw, ih, true, hist, block * TRIPLE_BINS);
    countTriples(k, iw, ih, false, hist, block * TRIPLE_BINS);
  });
  return hellinger(hist, TRIPLE_BINS);
}

/**
 * Joint colour statistics: at each pixel the triple (R, G, B) of quantised residual codes,
 * for the first-order (h + v), second-order (h + v) and KB filters: 3 × 125 bins.
 */
export function jointRgbCooccurrence(planes: readonly [Plane, Plane, Plane]): Float64Array {
  const groups: ResidualFilter[][] = [
    [DIRECTIONAL[0]!, transpose(DIRECTIONAL[0]!)],
    [DIRECTIONAL[1]!, transpose(DIRECTIONAL[1]!)],
    [KB],
  ];
  const hist = new Float64Array(groups.length * TRIPLE_BINS);
  groups.forEach((filters, g) => {
    for (const f of filters) {
      const [r, gr, b] = planes.map((p) => residualCodes(p, f)) as [Uint8Array, Uint8Array, Uint8Array];
      for (let i = 0; i < r.length; i++) hist[g * TRIPLE_BINS + r[i]! * LEVELS * LEVELS + gr[i]! * LEVELS + b[i]!]! += 1;
    }
  });
  return hellinger(hist, TRIPLE_BINS);
}
