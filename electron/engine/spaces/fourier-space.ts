import type { EmbeddingSpace, SpaceInput } from './embedding-space.js';
import { Fft2d } from './fft2d.js';

export interface FourierSpaceOptions {
  /** Side of the pooled spectrum grid (the log-spectrum is averaged in grid×grid blocks). */
  grid?: number;
  /** Bins of the radial profile. */
  radialBins?: number;
}

/**
 * Fourier space of the colour residual: for the luminance residual and the two chroma residuals
 * (R−G, B−G), the log-magnitude spectrum (centred) pooled to a fixed grid plus its radial
 * profile. Periodic generator artefacts (upsampling grids, checkerboards) show as peaks here.
 */
export function createFourierSpace(patchSize: number, options: FourierSpaceOptions = {}): EmbeddingSpace {
  const grid = options.grid ?? 16;
  const radialBins = options.radialBins ?? 32;
  const fft = new Fft2d(patchSize);
  const perPlane = grid * grid + radialBins;
  const planes = 2;
  return {
    id: 'fourier',
    dim: planes * perPlane,
    describe: `log|FFT| of the luma and chroma residual, pooled ${grid}×${grid} + ${radialBins}-bin radial profile`,
    async embed(patches: readonly SpaceInput[]) {
      return patches.map((patch) => {
        const out = new Float32Array(planes * perPlane);
        const [luma, chroma] = residualPlanes(patch);
        writePlaneFeatures(logSpectrum(fft, luma), patchSize, grid, radialBins, out, 0);
        const chromaSpectrum = logSpectrum(fft, chroma[0]!);
        const second = logSpectrum(fft, chroma[1]!);
        for (let i = 0; i < chromaSpectrum.length; i++) chromaSpectrum[i] = (chromaSpectrum[i]! + second[i]!) / 2;
        writePlaneFeatures(chromaSpectrum, patchSize, grid, radialBins, out, perPlane);
        return out;
      });
    },
  };
}

function residualPlanes(patch: SpaceInput): [Float64Array, [Float64Array, Float64Array]] {
  const n = patch.size * patch.size;
  const luma = new Float64Array(n);
  const rg = new Float64Array(n);
  const bg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = patch.residual[3 * i]!;
    const g = patch.residual[3 * i + 1]!;
    const b = patch.residual[3 * i + 2]!;
    luma[i] = (r + g + b) / 3;
    rg[i] = r - g;
    bg[i] = b - g;
  }
  return [luma, [rg, bg]];
}

function logSpectrum(fft: Fft2d, plane: Float64Array): Float64Array {
  const magnitude = fft.magnitude(plane);
  for (let i = 0; i < magnitude.length; i++) magnitude[i] = Math.log(magnitude[i]! + 1e-3);
  return magnitude;
}

/** Pools the (fft-shifted) log spectrum into grid×grid block means, then a radial profile. */
function writePlaneFeatures(spectrum: Float64Array, n: number, grid: number, radialBins: number, out: Float32Array, offset: number): void {
  const block = n / grid;
  const pooled = new Float64Array(grid * grid);
  const radial = new Float64Array(radialBins);
  const radialCount = new Float64Array(radialBins);
  const half = n / 2;
  const maxRadius = Math.SQRT2 * half;
  for (let v = 0; v < n; v++) {
    const sv = (v + half) % n; // shifted row: DC lands in the centre
    for (let u = 0; u < n; u++) {
      const su = (u + half) % n;
      const value = spectrum[v * n + u]!;
      pooled[Math.floor(sv / block) * grid + Math.floor(su / block)]! += value;
      const radius = Math.hypot(sv - half, su - half);
      const bin = Math.min(radialBins - 1, Math.floor((radius / maxRadius) * radialBins));
      radial[bin]! += value;
      radialCount[bin]!++;
    }
  }
  for (let i = 0; i < grid * grid; i++) out[offset + i] = pooled[i]! / (block * block);
  for (let b = 0; b < radialBins; b++) out[offset + grid * grid + b] = radialCount[b]! > 0 ? radial[b]! / radialCount[b]! : 0;
}
