import { describe, expect, it } from 'vitest';
import { renderRecipeOf } from '../../../electron/engine/zoo/render-recipe.js';
import type { NetworkEntry } from '../../../electron/engine/models/network-entry-schema.js';
import { loadPack } from '../../../electron/engine/models/load-pack.js';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';

describe('render recipes from the zoo manifest', () => {
  it('read scale and value range of every converted upscaler', async () => {
    const zoo = await loadPack(resolveResourcePath('zoo'));
    const recipes = Object.fromEntries(zoo.networksWithRole('zoo-generator').filter((n) => n.family === 'super-resolution').map((n) => [n.id, renderRecipeOf(n)]));
    expect(recipes['sr-esrgan-medium-x3']).toEqual({ kind: 'super-resolution', scale: 3, inputDivisor: 1, outputMultiplier: 1, multipleOf: 3 });
    expect(recipes['sr-esrgan-legacy-gans-x4']).toEqual({ kind: 'super-resolution', scale: 4, inputDivisor: 255, outputMultiplier: 255, multipleOf: 4 });
  });

  it('read an image-to-image generator in 0..1 with its size multiple, and refuse unknown ranges', () => {
    const entry = {
      id: 'ae-nearest-s1',
      role: 'zoo-generator',
      family: 'autoencoder',
      inputs: [{ name: 'image', shape: ['N', 3, 'H', 'W'], dtype: 'float32' }],
      outputs: [{ name: 'render', shape: ['N', 3, 'H', 'W'], dtype: 'float32' }],
      valueRange: { input: [0, 1], output: [0, 1] },
      render: 'feed the photo /255 (H and W multiples of 8), clip and round output*255',
    } as unknown as NetworkEntry;
    expect(renderRecipeOf(entry)).toEqual({ kind: 'image-to-image', inputDivisor: 255, outputMultiplier: 255, multipleOf: 8 });
    expect(() => renderRecipeOf({ ...entry, valueRange: { input: [-1, 1], output: [0, 1] } } as NetworkEntry)).toThrow(/neither/);
  });
});
