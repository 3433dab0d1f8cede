import { CausalPrintError } from '../../contract/errors.js';
import type { NetworkEntry } from '../models/network-entry-schema.js';

/**
 * What the renderer does with a photo crop for one generator, derived from its manifest entry.
 * - super-resolution: box-downscale by `scale` in float, run, clip and round (output = crop size).
 * - image-to-image: feed the crop (padded to a multiple of `multipleOf`), clip and round.
 */
export type RenderRecipe =
  | { kind: 'super-resolution'; scale: number; inputDivisor: number; outputMultiplier: number; multipleOf: number }
  | { kind: 'image-to-image'; inputDivisor: number; outputMultiplier: number; multipleOf: number }
  | { kind: 'sdedit'; network: string; tStart: number; steps: number; multipleOf: number };

/** Upper end of a [0, 255] or [0, 1] value range. */
function rangeTop(range: unknown, what: string, id: string): 1 | 255 {
  if (Array.isArray(range) && range[0] === 0 && (range[1] === 255 || range[1] === 1)) return range[1] === 1 ? 1 : 255;
  throw new CausalPrintError('UNSUPPORTED', `${id}: ${what} value range ${JSON.stringify(range)} is neither [0, 255] nor [0, 1].`, { id });
}

function valueRanges(entry: NetworkEntry): { input: unknown; output: unknown } {
  const range = entry.valueRange as { input?: unknown; output?: unknown } | undefined;
  return { input: range?.input, output: range?.output };
}

/** The multiple the spatial size must have: sizeConstraint.multipleOf (trained zoo), or "multiple(s) of N" in the render text. */
function multipleOf(entry: NetworkEntry): number {
  const render = entry.render;
  const fromObject = typeof render === 'object' && render !== null ? (render as { multipleOf?: unknown }).multipleOf : undefined;
  const constraint = (entry as { sizeConstraint?: { multipleOf?: unknown } }).sizeConstraint;
  const candidates = [constraint?.multipleOf, fromObject, (entry as { multipleOf?: unknown }).multipleOf];
  for (const c of candidates) if (typeof c === 'number' && Number.isInteger(c) && c > 0) return c;
  const text = typeof render === 'string' ? render : JSON.stringify(render ?? '');
  const match = /multiples? of (\d+)/i.exec(text);
  return match ? Number(match[1]) : 1;
}

/** Reads the render recipe of a zoo generator; UNSUPPORTED for one the TS renderer cannot run. */
export function renderRecipeOf(entry: NetworkEntry): RenderRecipe {
  if (entry.role !== 'zoo-generator') throw new CausalPrintError('UNSUPPORTED', `${entry.id} is a ${entry.role}, not a zoo generator.`, { id: entry.id });
  if (entry.inputs.length !== 1) {
    throw new CausalPrintError('UNSUPPORTED', `${entry.id} takes ${entry.inputs.length} inputs; the zoo renderer runs single-input generators.`, { id: entry.id });
  }
  const ranges = valueRanges(entry);
  const inputDivisor = rangeTop(ranges.input, 'input', entry.id) === 1 ? 255 : 1;
  const outputMultiplier = rangeTop(ranges.output, 'output', entry.id) === 1 ? 255 : 1;
  const scale = (entry as { scale?: unknown }).scale;
  if (entry.family === 'super-resolution') {
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 2) {
      throw new CausalPrintError('UNSUPPORTED', `${entry.id}: super-resolution entry without an integer scale.`, { id: entry.id });
    }
    return { kind: 'super-resolution', scale, inputDivisor, outputMultiplier, multipleOf: scale };
  }
  return { kind: 'image-to-image', inputDivisor, outputMultiplier, multipleOf: multipleOf(entry) };
}
