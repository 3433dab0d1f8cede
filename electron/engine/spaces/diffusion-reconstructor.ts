import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ddimMove, ddimTimesteps } from '../zoo/ddim.js';
import { OnnxModel, toNchwBatch } from './onnx-model.js';

/**
 * How X̂ is obtained from the reconstructor. The noise schedule (T, β range) is always the pack
 * fragment's; the sampler is an engine choice:
 * - `ddim`: deterministic DDIM (η = 0) inversion of the patch to t* in `steps` moves and denoising
 *   back in `steps` moves (2·steps network calls per patch; steps = 1 is the DIRE one-step shortcut);
 * - `one-step`: one network call reading the clean patch x as a sample at level t:
 *   X̂ = x − √(1 − ā_t)·ε(x, t), so r = √(1 − ā_t)·ε(x, t) is the network's estimate of the noise it
 *   sees in x (1 network call per patch);
 * - `fragment`: the DDIM sampler the fragment documents (t* = 200, 4 + 4 steps for causalprint-base-v1).
 */
export type ReconstructionSampler = { kind: 'ddim'; tStar: number; steps: number } | { kind: 'one-step'; t: number } | { kind: 'fragment' };

/**
 * Engine default: the one-step noise estimate at t = 20 (1 UNet call per patch). Measured
 * (electron/engine/analysis/measure-reconstruction-residual.ts and measure-latency.ts; 2 shared cores,
 * CPU ms of one core per 256² image = 16 patches of 64²; PSNR on 48 group-B 64² crops):
 *
 *   sampler                      UNet calls  residual CPU ms  PSNR dB  dev-set 5-fold acc / macro-F1 (default spaces)
 *   Gaussian denoiser (no UNet)       0             5           —       0.889 / 0.857
 *   one-step t = 20 (default)         1           ≈214        36.3      0.887 / 0.856
 *   DDIM 1+1 t* = 50                  2           ≈410        34.0      0.889 / 0.861
 *   fragment DDIM 4+4 t* = 200        8          ≈1600–1900   33.9      not measured (too slow for the dev set here)
 *
 * The diffusion residual does not beat the denoiser residual with this reconstructor; among the
 * reconstructor samplers the one-step estimate is the fastest and the best on the residual spaces
 * alone (Fourier + SL: 0.853 vs 0.832 for DDIM 1+1, denoiser 0.874). The fragment's documented
 * sampler stays available as { kind: 'fragment' }.
 */
export const DEFAULT_RECONSTRUCTION_SAMPLER: ReconstructionSampler = { kind: 'one-step', t: 20 };

/** The reconstructor's schedule (from its pack fragment) and the sampler the engine runs over it. */
export interface DiffusionSchedule {
  T: number;
  betaStart: number;
  betaEnd: number;
  /** DDIM timesteps, ascending, ending at t* (for the one-step sampler: its single timestep). */
  timesteps: number[];
  /** "ddim" (default when absent): inversion + denoising through `timesteps`; "one-step": one call at timesteps[0]. */
  sampler?: 'ddim' | 'one-step';
}

interface FragmentEntry {
  id?: string;
  file?: string;
  role?: string;
  schedule?: { T?: number; betaStart?: number; betaEnd?: number; tStar?: number; steps?: number };
  sampler?: { timesteps?: number[]; tStar?: number; inversionSteps?: number };
}

/**
 * Finds the pack's reconstructor entry (role "reconstructor") in any JSON-array fragment, with its
 * ONNX file present, and builds the schedule of the chosen sampler over the fragment's β schedule.
 */
export function findReconstructor(
  packDir: string,
  sampler: ReconstructionSampler = DEFAULT_RECONSTRUCTION_SAMPLER,
): { id: string; path: string; schedule: DiffusionSchedule } | null {
  if (!existsSync(packDir)) return null;
  for (const name of readdirSync(packDir).filter((n) => n.endsWith('.json')).sort()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(packDir, name), 'utf8'));
    } catch {
      continue;
    }
    const entries = Array.isArray(parsed) ? (parsed as FragmentEntry[]) : ((parsed as { networks?: FragmentEntry[] }).networks ?? []);
    const entry = entries.find((e) => e && e.role === 'reconstructor' && e.file && existsSync(join(packDir, e.file)));
    if (!entry) continue;
    const s = entry.schedule ?? {};
    if (!s.T || s.betaStart === undefined || s.betaEnd === undefined) continue;
    const base = { T: s.T, betaStart: s.betaStart, betaEnd: s.betaEnd };
    let schedule: DiffusionSchedule;
    if (sampler.kind === 'fragment') {
      const tStar = entry.sampler?.tStar ?? s.tStar;
      const steps = entry.sampler?.inversionSteps ?? s.steps;
      const timesteps = entry.sampler?.timesteps ?? (tStar && steps ? ddimTimesteps(tStar, steps) : undefined);
      if (!timesteps) continue;
      schedule = { ...base, timesteps, sampler: 'ddim' };
    } else if (sampler.kind === 'ddim') {
      schedule = { ...base, timesteps: ddimTimesteps(sampler.tStar, sampler.steps), sampler: 'ddim' };
    } else {
      schedule = { ...base, timesteps: [sampler.t], sampler: 'one-step' };
    }
    checkSchedule(schedule);
    return { id: entry.id ?? entry.file!, path: join(packDir, entry.file!), schedule };
  }
  return null;
}

function checkSchedule(schedule: DiffusionSchedule): void {
  const ts = schedule.timesteps;
  const valid = ts.length > 0 && ts.every((t, k) => Number.isInteger(t) && t >= 0 && t < schedule.T && (k === 0 || t > ts[k - 1]!));
  if (!valid) throw new RangeError(`Reconstruction timesteps ${JSON.stringify(ts)} must be ascending integers in 0..${schedule.T - 1}.`);
}

/** Short label of a schedule's sampler, e.g. "ddim 1+1 t*=50" or "one-step t=20". */
export function describeSampler(schedule: DiffusionSchedule): string {
  const ts = schedule.timesteps;
  if (schedule.sampler === 'one-step') return `one-step t=${ts[0]}`;
  return `ddim ${ts.length}+${ts.length} t*=${ts[ts.length - 1]}`;
}

/** Network calls per patch of a schedule's sampler. */
export function networkCalls(schedule: DiffusionSchedule): number {
  return schedule.sampler === 'one-step' ? 1 : 2 * schedule.timesteps.length;
}

/** ᾱ_t of the linear-β schedule (float64); ᾱ_{−1} = 1 is the clean image. */
export function alphasCumprod(schedule: DiffusionSchedule): Float64Array {
  const out = new Float64Array(schedule.T);
  let product = 1;
  for (let i = 0; i < schedule.T; i++) {
    product *= 1 - (schedule.betaStart + ((schedule.betaEnd - schedule.betaStart) * i) / (schedule.T - 1));
    out[i] = product;
  }
  return out;
}

/**
 * Deterministic reconstruction with the pack's eps-prediction UNet. All patches of an image go
 * through each network call as one batch (chunking the batch measured no faster on one core).
 * DDIM (η = 0): inversion of the patch to t* and denoising back, every move
 * x' = √ā_to · x̂0 + √(1 − ā_to) · ε with x̂0 = (x − √(1 − ā_from) ε) / √ā_from and ε = model(x, max(from, 0)).
 * One-step: X̂ = x − √(1 − ā_t) · model(x, t).
 */
export class DiffusionReconstructor {
  private readonly model: OnnxModel;
  private readonly abar: Float64Array;

  constructor(
    readonly id: string,
    path: string,
    readonly schedule: DiffusionSchedule,
  ) {
    checkSchedule(schedule);
    this.model = new OnnxModel(path);
    this.abar = alphasCumprod(schedule);
  }

  /** Which sampler runs, e.g. "ddim 1+1 t*=50". */
  get sampler(): string {
    return describeSampler(this.schedule);
  }

  /** Reconstructs P×P HWC patches (0..255) and returns X̂ on the same scale. */
  async reconstruct(patches: readonly Float32Array[], size: number): Promise<Float32Array[]> {
    if (patches.length === 0) return [];
    const n = patches.length;
    const x0 = toNchwBatch(patches, size, (v) => v / 127.5 - 1);
    const xHat = this.schedule.sampler === 'one-step' ? await this.oneStep(x0, n, size) : await this.ddim(x0, n, size);
    const plane = size * size;
    return patches.map((_, k) => {
      const out = new Float32Array(plane * 3);
      for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = (xHat[(k * 3 + c) * plane + i]! + 1) * 127.5;
      return out;
    });
  }

  private async ddim(x0: Float32Array, n: number, size: number): Promise<Float32Array> {
    const ts = this.schedule.timesteps;
    let x = x0;
    let previous = -1;
    for (const t of ts) {
      x = ddimMove(x, await this.eps(x, n, size, Math.max(previous, 0)), this.a(previous), this.a(t));
      previous = t;
    }
    for (let k = ts.length - 1; k >= 0; k--) x = ddimMove(x, await this.eps(x, n, size, ts[k]!), this.a(ts[k]!), k > 0 ? this.a(ts[k - 1]!) : 1);
    return x;
  }

  private async oneStep(x0: Float32Array, n: number, size: number): Promise<Float32Array> {
    const t = this.schedule.timesteps[0]!;
    const eps = await this.eps(x0, n, size, t);
    const scale = Math.sqrt(1 - this.a(t));
    const out = new Float32Array(x0.length);
    for (let i = 0; i < x0.length; i++) out[i] = x0[i]! - scale * eps[i]!;
    return out;
  }

  private a(t: number): number {
    return t < 0 ? 1 : this.abar[t]!;
  }

  private async eps(x: Float32Array, n: number, size: number, t: number): Promise<Float32Array> {
    const { eps } = await this.model.run({ x_t: { data: x, dims: [n, 3, size, size] }, t: { data: new Float32Array(n).fill(t), dims: [n] } }, ['eps']);
    return eps!.data;
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
