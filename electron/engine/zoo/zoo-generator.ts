import { CausalPrintError } from '../../contract/errors.js';
import type { NetworkEntry } from '../models/network-entry-schema.js';
import type { OnnxModel } from '../models/onnx-model.js';
import { renderRecipeOf, type RenderRecipe } from './render-recipe.js';
import { boxDownscaleToNchw, fromNchw, toNchw, type RgbImage } from './rgb-image.js';

/** Side a region must have so that `size` output pixels can be rendered (next multiple the network needs). */
export function renderSideFor(recipe: RenderRecipe, size: number): number {
  return Math.ceil(size / recipe.multipleOf) * recipe.multipleOf;
}

/** What labels, docs and the contact sheet say about a generator. */
export type GeneratorInfo = Pick<NetworkEntry, 'id' | 'family' | 'architecture' | 'sha256' | 'parameters'>;

/** Anything the zoo renders photos with: a zoo network, or a diffusion sampler over the pack's reconstructor. */
export interface RenderingGenerator {
  readonly id: string;
  readonly entry: GeneratorInfo;
  readonly recipe: RenderRecipe;
  load(): Promise<void>;
  /** Renders a region (sides multiples of recipe.multipleOf); returns its top-left width×height in 8 bits. */
  render(region: RgbImage, width?: number, height?: number): Promise<RgbImage>;
  dispose(): Promise<void>;
}

/** One zoo generator ready to render photo crops, following its manifest render recipe. */
export class ZooGenerator implements RenderingGenerator {
  readonly recipe: RenderRecipe;

  constructor(
    readonly entry: NetworkEntry,
    private readonly model: OnnxModel,
  ) {
    this.recipe = renderRecipeOf(entry);
  }

  get id(): string {
    return this.entry.id;
  }

  /**
   * Renders `region` (8-bit RGB whose sides are multiples of recipe.multipleOf) and returns the
   * top-left `width`×`height` pixels of the result, clipped to 0..255 and rounded.
   * Super-resolution: box-downscale by the scale in float, upscale with the network.
   * Image-to-image: the network re-renders the region at the same size.
   */
  async render(region: RgbImage, width = region.width, height = region.height): Promise<RgbImage> {
    const m = this.recipe.multipleOf;
    if (region.width % m !== 0 || region.height % m !== 0) {
      throw new CausalPrintError('VALIDATION', `${this.id} needs sides that are multiples of ${m}, got ${region.width}×${region.height}.`);
    }
    const inputName = this.entry.inputs[0]?.name as string;
    const outputName = this.entry.outputs[0]?.name as string;
    if (this.recipe.kind === 'sdedit') throw new CausalPrintError('UNSUPPORTED', `${this.id}: SDEdit renders through SdeditGenerator.`);
    const input =
      this.recipe.kind === 'super-resolution'
        ? boxDownscaleToNchw(region, this.recipe.scale, this.recipe.inputDivisor)
        : { data: toNchw(region, this.recipe.inputDivisor), width: region.width, height: region.height };
    const outputs = await this.model.run({ [inputName]: { data: input.data, dims: [1, 3, input.height, input.width] } }, [outputName]);
    const out = outputs[outputName];
    if (!out) throw new CausalPrintError('INTERNAL', `${this.id} returned no ${outputName}.`);
    return fromNchw(out.data, out.dims, this.recipe.outputMultiplier, width, height);
  }

  /** Creates the ONNX session now (render() would do it on first use). */
  async load(): Promise<void> {
    await this.model.load();
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
