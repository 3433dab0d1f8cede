import { CausalPrintError } from '../../contract/errors.js';
import type { NetworkEntry } from '../models/network-entry-schema.js';
import type { OnnxModel } from '../models/onnx-model.js';
import { sha256Bytes } from '../models/sha256.js';
import { ddimMove, ddimTimesteps, linearAlphaBar, seededGaussian } from './ddim.js';
import type { RenderRecipe } from './render-recipe.js';
import { fromNchw, type RgbImage } from './rgb-image.js';
import type { GeneratorInfo, RenderingGenerator } from './zoo-generator.js';

export interface SdeditSettings {
  /** Noise level the photo is pushed to (timestep index); higher = more regenerated. */
  tStart: number;
  /** DDIM denoising steps from tStart back to the clean image. */
  steps: number;
}

interface LinearSchedule {
  T: number;
  betaStart: number;
  betaEnd: number;
}

function scheduleOf(entry: NetworkEntry): LinearSchedule {
  const s = (entry as { schedule?: Partial<LinearSchedule> & { kind?: string } }).schedule;
  if (!s || typeof s.T !== 'number' || typeof s.betaStart !== 'number' || typeof s.betaEnd !== 'number' || !String(s.kind ?? '').startsWith('linear')) {
    throw new CausalPrintError('UNSUPPORTED', `${entry.id}: no linear-beta schedule (T, betaStart, betaEnd) in its manifest entry.`, { id: entry.id });
  }
  return { T: s.T, betaStart: s.betaStart, betaEnd: s.betaEnd };
}

/**
 * SDEdit-style diffusion generator over the pack's eps-prediction reconstructor: the photo
 * (x = u8/127.5 − 1) is noised to tStart with Gaussian noise seeded from the generator id and
 * the region's pixels, then denoised by deterministic DDIM (eta 0) in `steps` network calls.
 * Same region, same output bytes.
 */
export class SdeditGenerator implements RenderingGenerator {
  readonly id: string;
  readonly entry: GeneratorInfo;
  readonly recipe: RenderRecipe;
  private readonly alphaBar: Float64Array;
  private readonly timesteps: number[];

  constructor(
    reconstructor: NetworkEntry,
    private readonly model: OnnxModel,
    private readonly settings: SdeditSettings,
  ) {
    const schedule = scheduleOf(reconstructor);
    if (!(settings.tStart > 0 && settings.tStart < schedule.T) || !(settings.steps >= 1 && settings.steps <= settings.tStart)) {
      throw new CausalPrintError('VALIDATION', `SDEdit needs 0 < tStart < ${schedule.T} and 1 ≤ steps ≤ tStart, got ${settings.tStart}/${settings.steps}.`);
    }
    this.alphaBar = linearAlphaBar(schedule.T, schedule.betaStart, schedule.betaEnd);
    this.timesteps = ddimTimesteps(settings.tStart, settings.steps);
    this.id = `diffusion-sdedit-t${settings.tStart}`;
    this.entry = {
      id: this.id,
      family: 'diffusion',
      architecture: `SDEdit (noise to t=${settings.tStart}, ${settings.steps} deterministic DDIM steps) with the pack's ${reconstructor.id}: ${reconstructor.architecture}`,
      sha256: reconstructor.sha256,
      parameters: reconstructor.parameters,
    };
    this.recipe = { kind: 'sdedit', network: reconstructor.id, tStart: settings.tStart, steps: settings.steps, multipleOf: 8 };
  }

  async load(): Promise<void> {
    await this.model.load();
  }

  async render(region: RgbImage, width = region.width, height = region.height): Promise<RgbImage> {
    if (region.width % 8 !== 0 || region.height % 8 !== 0) {
      throw new CausalPrintError('VALIDATION', `${this.id} needs sides that are multiples of 8, got ${region.width}×${region.height}.`);
    }
    const plane = region.width * region.height;
    const x0 = new Float32Array(3 * plane);
    for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) x0[c * plane + i] = (region.data[i * 3 + c] as number) / 127.5 - 1;
    const noise = seededGaussian(`${this.id}:${sha256Bytes(region.data)}`, x0.length);
    const ts = this.timesteps;
    const aStart = this.alphaBar[ts[ts.length - 1] as number] as number;
    let x: Float32Array = new Float32Array(x0.length);
    for (let i = 0; i < x.length; i++) x[i] = Math.sqrt(aStart) * (x0[i] as number) + Math.sqrt(1 - aStart) * (noise[i] as number);
    const dims = [1, 3, region.height, region.width];
    for (let k = ts.length - 1; k >= 0; k--) {
      const t = ts[k] as number;
      const { eps } = await this.model.run({ x_t: { data: x, dims }, t: { data: Float32Array.of(t), dims: [1] } }, ['eps']);
      if (!eps) throw new CausalPrintError('INTERNAL', `${this.id}: the reconstructor returned no eps.`);
      const aTo = k > 0 ? (this.alphaBar[ts[k - 1] as number] as number) : 1;
      x = ddimMove(x, eps.data, this.alphaBar[t] as number, aTo);
    }
    for (let i = 0; i < x.length; i++) x[i] = ((x[i] as number) + 1) * 127.5;
    return fromNchw(x, dims, 1, width, height);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
