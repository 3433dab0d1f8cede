import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OnnxModel, toNchwBatch } from './onnx-model.js';

/** The reconstructor's schedule and sampler, read from its pack fragment (never constants in code). */
export interface DiffusionSchedule {
  T: number;
  betaStart: number;
  betaEnd: number;
  /** DDIM timesteps, ascending, ending at t*. */
  timesteps: number[];
}

interface FragmentEntry {
  id?: string;
  file?: string;
  role?: string;
  schedule?: { T?: number; betaStart?: number; betaEnd?: number; tStar?: number; steps?: number };
  sampler?: { timesteps?: number[]; tStar?: number; inversionSteps?: number };
}

/** Finds the pack's reconstructor entry (role "reconstructor") in any JSON-array fragment, with its ONNX file present. */
export function findReconstructor(packDir: string): { id: string; path: string; schedule: DiffusionSchedule } | null {
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
    const tStar = entry.sampler?.tStar ?? s.tStar;
    const steps = entry.sampler?.inversionSteps ?? s.steps;
    const timesteps = entry.sampler?.timesteps ?? (tStar && steps ? Array.from({ length: steps }, (_, k) => Math.round((tStar * (k + 1)) / steps)) : undefined);
    if (!s.T || s.betaStart === undefined || s.betaEnd === undefined || !timesteps) continue;
    return { id: entry.id ?? entry.file!, path: join(packDir, entry.file!), schedule: { T: s.T, betaStart: s.betaStart, betaEnd: s.betaEnd, timesteps } };
  }
  return null;
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
 * DIRE-style deterministic reconstruction with the pack's eps-prediction UNet: DDIM (η = 0)
 * inversion of the patch to t* and DDIM denoising back, every move
 * x' = √ā_to · x̂0 + √(1 − ā_to) · ε with x̂0 = (x − √(1 − ā_from) ε) / √ā_from and ε = model(x, max(from, 0)).
 */
export class DiffusionReconstructor {
  private readonly model: OnnxModel;
  private readonly abar: Float64Array;

  constructor(
    readonly id: string,
    path: string,
    readonly schedule: DiffusionSchedule,
  ) {
    this.model = new OnnxModel(path);
    this.abar = alphasCumprod(schedule);
  }

  /** Reconstructs P×P HWC patches (0..255) and returns X̂ on the same scale. */
  async reconstruct(patches: readonly Float32Array[], size: number): Promise<Float32Array[]> {
    if (patches.length === 0) return [];
    let x = toNchwBatch(patches, size, (v) => v / 127.5 - 1);
    const ts = this.schedule.timesteps;
    let previous = -1;
    for (const t of ts) {
      x = await this.move(x, patches.length, size, previous, t);
      previous = t;
    }
    for (let k = ts.length - 1; k >= 0; k--) x = await this.move(x, patches.length, size, ts[k]!, k > 0 ? ts[k - 1]! : -1);
    const plane = size * size;
    return patches.map((_, n) => {
      const out = new Float32Array(plane * 3);
      for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = (x[(n * 3 + c) * plane + i]! + 1) * 127.5;
      return out;
    });
  }

  private async move(x: Float32Array, n: number, size: number, from: number, to: number): Promise<Float32Array> {
    const aFrom = from < 0 ? 1 : this.abar[from]!;
    const aTo = to < 0 ? 1 : this.abar[to]!;
    const t = new Float32Array(n).fill(Math.max(from, 0));
    const { eps } = await this.model.run({ x_t: { data: x, dims: [n, 3, size, size] }, t: { data: t, dims: [n] } }, ['eps']);
    const out = new Float32Array(x.length);
    const sf = Math.sqrt(1 - aFrom);
    const sa = Math.sqrt(aFrom);
    const ta = Math.sqrt(aTo);
    const tf = Math.sqrt(1 - aTo);
    for (let i = 0; i < x.length; i++) {
      const e = eps!.data[i]!;
      out[i] = (ta * (x[i]! - sf * e)) / sa + tf * e;
    }
    return out;
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
