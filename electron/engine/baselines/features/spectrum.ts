/**
 * Spectral features: 2-D FFT log-magnitude (fft.js, power-of-two sides) pooled to a fixed
 * grid plus a radial profile, and a 2-D DCT-II log-magnitude pooled to a grid.
 */
import FFT from 'fft.js';
import type { Plane } from './planes.js';

const fftCache = new Map<number, FFT>();
function fftOf(size: number): FFT {
  let f = fftCache.get(size);
  if (!f) fftCache.set(size, (f = new FFT(size)));
  return f;
}

/** |FFT|² of a square power-of-two plane, centred (DC in the middle), as log(1 + |F|). */
export function logMagnitudeSpectrum(plane: Plane): Float64Array {
  const n = plane.width;
  if (plane.height !== n || (n & (n - 1)) !== 0) throw new Error(`logMagnitudeSpectrum needs a square power-of-two plane, got ${plane.width}×${plane.height}`);
  const fft = fftOf(n);
  const rowsRe = new Float64Array(n * n);
  const rowsIm = new Float64Array(n * n);
  const input = fft.createComplexArray() as number[];
  const output = fft.createComplexArray() as number[];
  let mean = 0;
  for (const v of plane.data) mean += v;
  mean /= plane.data.length;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) { input[2 * x] = plane.data[y * n + x]! - mean; input[2 * x + 1] = 0; }
    fft.transform(output, input);
    for (let x = 0; x < n; x++) { rowsRe[y * n + x] = output[2 * x]!; rowsIm[y * n + x] = output[2 * x + 1]!; }
  }
  const spectrum = new Float64Array(n * n);
  const half = n / 2;
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) { input[2 * y] = rowsRe[y * n + x]!; input[2 * y + 1] = rowsIm[y * n + x]!; }
    fft.transform(output, input);
    for (let y = 0; y < n; y++) {
      const mag = Math.hypot(output[2 * y]!, output[2 * y + 1]!) / n;
      spectrum[((y + half) % n) * n + ((x + half) % n)] = Math.log1p(mag);
    }
  }
  return spectrum;
}

/** Average-pools a square n×n map to grid×grid cells (n a multiple of grid, or nearest cells). */
export function poolSquare(map: Float64Array, n: number, grid: number): Float64Array {
  const out = new Float64Array(grid * grid);
  const counts = new Float64Array(grid * grid);
  for (let y = 0; y < n; y++) {
    const gy = Math.min(grid - 1, Math.floor((y * grid) / n));
    for (let x = 0; x < n; x++) {
      const cell = gy * grid + Math.min(grid - 1, Math.floor((x * grid) / n));
      out[cell]! += map[y * n + x]!;
      counts[cell]! += 1;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = counts[i]! > 0 ? out[i]! / counts[i]! : 0;
  return out;
}

/** Mean of a centred spectrum over `bins` rings of normalised radius 0..√2·(n/2). */
export function radialProfile(spectrum: Float64Array, n: number, bins: number): Float64Array {
  const out = new Float64Array(bins);
  const counts = new Float64Array(bins);
  const half = n / 2;
  const maxRadius = Math.SQRT2 * half;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const r = Math.hypot(y - half, x - half) / maxRadius;
      const b = Math.min(bins - 1, Math.floor(r * bins));
      out[b]! += spectrum[y * n + x]!;
      counts[b]! += 1;
    }
  }
  for (let i = 0; i < bins; i++) out[i] = counts[i]! > 0 ? out[i]! / counts[i]! : 0;
  return out;
}

/** Pooled log-spectrum (grid²) followed by its radial profile (bins): a size-independent vector. */
export function pooledSpectrumFeature(plane: Plane, grid = 32, bins = 64): Float64Array {
  const spectrum = logMagnitudeSpectrum(plane);
  const pooled = poolSquare(spectrum, plane.width, grid);
  const radial = radialProfile(spectrum, plane.width, bins);
  const out = new Float64Array(pooled.length + radial.length);
  out.set(pooled);
  out.set(radial, pooled.length);
  return out;
}

const dctCache = new Map<number, Float64Array>();
/** Orthonormal DCT-II basis matrix, row k = frequency. */
function dctMatrix(n: number): Float64Array {
  let m = dctCache.get(n);
  if (m) return m;
  m = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const a = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let i = 0; i < n; i++) m[k * n + i] = a * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
  }
  dctCache.set(n, m);
  return m;
}

/** log(|DCT-II(plane)| + 1) of a square plane: C·X·Cᵀ by two matrix products. */
export function logDct(plane: Plane): Float64Array {
  const n = plane.width;
  if (plane.height !== n) throw new Error('logDct needs a square plane');
  const c = dctMatrix(n);
  const tmp = new Float64Array(n * n); // tmp = C·X
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const ck = c[k * n + i]!;
      if (ck === 0) continue;
      const rowOff = i * n;
      for (let x = 0; x < n; x++) tmp[k * n + x]! += ck * plane.data[rowOff + x]!;
    }
  }
  const out = new Float64Array(n * n); // out = tmp·Cᵀ
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let x = 0; x < n; x++) s += tmp[k * n + x]! * c[l * n + x]!;
      out[k * n + l] = Math.log1p(Math.abs(s));
    }
  }
  return out;
}
