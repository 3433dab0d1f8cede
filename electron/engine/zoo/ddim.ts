import { createHash } from 'node:crypto';

/** Linear-beta DDPM schedule (Ho et al. 2020): alpha_bar_i = Π_{j ≤ i} (1 − beta_j), float64. */
export function linearAlphaBar(T: number, betaStart: number, betaEnd: number): Float64Array {
  const alphaBar = new Float64Array(T);
  let product = 1;
  for (let i = 0; i < T; i++) {
    product *= 1 - (betaStart + ((betaEnd - betaStart) * i) / (T - 1));
    alphaBar[i] = product;
  }
  return alphaBar;
}

/** DDIM timesteps tStart/steps, 2·tStart/steps, …, tStart (integers, ascending). */
export function ddimTimesteps(tStart: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, k) => Math.round((tStart * (k + 1)) / steps));
}

/**
 * One deterministic DDIM move (eta = 0) from noise level a_s to a_t given the predicted noise:
 * x0 = (x − sqrt(1 − a_s)·e) / sqrt(a_s); return sqrt(a_t)·x0 + sqrt(1 − a_t)·e. a = 1 is the clean image.
 */
export function ddimMove(x: Float32Array, eps: Float32Array, aFrom: number, aTo: number): Float32Array {
  const out = new Float32Array(x.length);
  const sFrom = Math.sqrt(1 - aFrom);
  const rFrom = Math.sqrt(aFrom);
  const sTo = Math.sqrt(1 - aTo);
  const rTo = Math.sqrt(aTo);
  for (let i = 0; i < x.length; i++) {
    const e = eps[i] as number;
    out[i] = (rTo * ((x[i] as number) - sFrom * e)) / rFrom + sTo * e;
  }
  return out;
}

/**
 * Deterministic standard-normal noise from a seed string: SHA-256 of the seed keys a
 * xoshiro128** generator, Box–Muller turns pairs of uniforms into Gaussians.
 */
export function seededGaussian(seed: string, length: number): Float32Array {
  const key = createHash('sha256').update(seed).digest();
  let a = key.readUInt32LE(0) | 0;
  let b = key.readUInt32LE(4) | 0;
  let c = key.readUInt32LE(8) | 0;
  let d = key.readUInt32LE(12) | 0;
  if ((a | b | c | d) === 0) a = 1;
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const out = new Float32Array(length);
  for (let i = 0; i < length; i += 2) {
    const u1 = (next() + 1) / 4294967297; // (0, 1): never log(0)
    const u2 = next() / 4294967296;
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < length) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The eps-prediction network as DDIM sees it: noisy image and timestep in, predicted noise out. */
export type EpsPredictor = (x: Float32Array, t: number) => Promise<Float32Array>;

/**
 * DIRE-style deterministic reconstruction (the reconstructor's documented sampler): invert the
 * clean image x0 through the ascending timesteps (first call at t = 0 on the clean image), then
 * denoise back; a = 1 stands for the clean image. Returns the inverted x_T and the reconstruction.
 */
export async function ddimReconstruct(eps: EpsPredictor, x0: Float32Array, alphaBar: Float64Array, timesteps: readonly number[]): Promise<{ xT: Float32Array; xHat: Float32Array }> {
  const a = (k: number) => (k < 0 ? 1 : (alphaBar[k] as number));
  let x = x0;
  let s = -1;
  for (const t of timesteps) {
    x = ddimMove(x, await eps(x, Math.max(s, 0)), a(s), a(t));
    s = t;
  }
  const xT = x;
  for (let k = timesteps.length - 1; k >= 0; k--) {
    const from = timesteps[k] as number;
    x = ddimMove(x, await eps(x, from), a(from), k > 0 ? a(timesteps[k - 1] as number) : 1);
  }
  return { xT, xHat: x };
}
