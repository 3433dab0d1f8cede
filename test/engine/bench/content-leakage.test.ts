import { describe, expect, it } from 'vitest';
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import type { FittedAttributor, LabeledImage } from '../../../electron/engine/attribution/method.js';
import { contentLeakage, scoreVector, type FoldRun } from '../../../electron/engine/bench/protocols.js';

const PHOTOS = ['p0', 'p1', 'p2', 'p3'];
const GENERATORS = ['g0', 'g1', 'g2'];

/** One tiny image per generator × photo; the image's first pixel says which photo it shows. */
function items(): LabeledImage[] {
  return GENERATORS.flatMap((label) =>
    PHOTOS.map((contentId, p) => {
      const image: AnalysisImage = { width: 1, height: 1, channels: 3, data: Float32Array.of(p, 0, 0), bitDepth: 8, notes: [] };
      return { id: `${label}-${contentId}`, image, label, contentId };
    }),
  );
}

/** A fold testing every item, with its predictions made the way runSplits makes them (split.test order). */
async function run(all: LabeledImage[], fitted: FittedAttributor): Promise<FoldRun> {
  const predictions = await Promise.all(all.map((item) => fitted.predict(item.image)));
  return { split: { train: [], test: all.map((_, i) => i), name: 'test' }, fitted, predictions };
}

describe('contentLeakage', () => {
  it('reads the photo off the embedding and, separately, off the output scores', async () => {
    const all = items();
    // Embedding = the photo index (full leakage); scores ignore the photo (none).
    const blind: FittedAttributor = {
      predict: async () => ({ label: 'g0', scores: { g0: 0.5, g1: 0.3, g2: 0.2 }, unknownScore: 0 }),
      embed: async (image) => Float32Array.from(PHOTOS, (_, p) => (image.data[0] === p ? 1 : 0)),
    };
    const a = (await contentLeakage(all, await run(all, blind)))!;
    expect(a.chance).toBeCloseTo(0.25, 12);
    expect(a.accuracy).toBe(1);
    // Constant scores: the probe can only pick one photo for everything.
    expect(a.scoreAccuracy).toBeCloseTo(0.25, 12);

    // Scores that move with the photo leak it; a method without an embedding still gets its score figure.
    const leaky: FittedAttributor = {
      predict: async (image) => {
        const p = image.data[0]!;
        return { label: 'g0', scores: { g0: 0.1 + 0.2 * p, g1: 0.9 - 0.2 * p, g2: p === 1 ? 0.5 : 0.01 }, unknownScore: 0 };
      },
    };
    const b = (await contentLeakage(all, await run(all, leaky)))!;
    expect(b.scoreAccuracy).toBe(1);
    expect(b.accuracy).toBeNaN();
  });

  it('scores every method alike: log of each label score in label order, floored', () => {
    expect(Array.from(scoreVector({ b: 1, a: 0 }))).toEqual([Math.fround(Math.log(1e-12)), 0]);
  });
});
