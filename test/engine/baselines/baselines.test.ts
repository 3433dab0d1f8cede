import { describe, expect, it } from 'vitest';
import type { AttributionMethod } from '../../../electron/engine/attribution/method.js';
import { BASELINE_IDS, createBaseline } from '../../../electron/engine/baselines/index.js';
import { centralNcc } from '../../../electron/engine/baselines/marra2019.js';
import { syntheticSet } from './synthetic-generators.js';

const train = syntheticSet(8, 1);
const test = syntheticSet(4, 50_000);

async function accuracyOf(method: AttributionMethod): Promise<{ accuracy: number; labels: string[]; unknown: number[] }> {
  const fitted = await method.fit(train);
  const labels: string[] = [];
  const unknown: number[] = [];
  for (const t of test) {
    const p = await fitted.predict(t.image);
    labels.push(p.label);
    unknown.push(p.unknownScore);
  }
  return { accuracy: labels.filter((l, i) => l === test[i]!.label).length / test.length, labels, unknown };
}

describe.each(BASELINE_IDS)('baseline %s', (id) => {
  it('attributes held-out synthetic images well above chance (0.25), deterministically', async () => {
    const first = await accuracyOf(createBaseline(id));
    const second = await accuracyOf(createBaseline(id));
    expect(first.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(second.labels).toEqual(first.labels);
    expect(second.unknown).toEqual(first.unknown);
    expect(first.unknown.every(Number.isFinite)).toBe(true);
  });

  it('returns a score per enrolled generator and an embedding', async () => {
    const fitted = await createBaseline(id).fit(train);
    const p = await fitted.predict(test[0]!.image);
    expect(Object.keys(p.scores).sort()).toEqual(['checker', 'pattern', 'real', 'stripes']);
    expect(p.scores[p.label]).toBe(Math.max(...Object.values(p.scores)));
    const e = await fitted.embed!(test[0]!.image);
    expect(e.length).toBeGreaterThan(0);
  });
});

describe('marra2019 centralNcc', () => {
  it('is 1 for a plane with itself, −1 for its negation, and aligns different sizes at the centre', () => {
    const a = { width: 4, height: 4, data: Float32Array.from({ length: 16 }, (_, i) => (i * 7) % 5) };
    const neg = { ...a, data: a.data.map((v) => -v) };
    expect(centralNcc(a, a)).toBeCloseTo(1, 12);
    expect(centralNcc(a, neg)).toBeCloseTo(-1, 12);
    const inner = { width: 2, height: 2, data: Float32Array.from([a.data[5]!, a.data[6]!, a.data[9]!, a.data[10]!]) };
    expect(centralNcc(inner, a)).toBeCloseTo(1, 12);
  });
});

describe('cancellation', () => {
  it('stops fitting when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createBaseline('frank2020').fit(train, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('median3x3', () => {
  it('equals the middle of the sorted 3×3 neighbourhood', async () => {
    const { median3x3 } = await import('../../../electron/engine/baselines/features/denoisers.js');
    const data = Float32Array.from([9, 1, 5, 3, 7, 2, 8, 6, 4]);
    expect(median3x3({ width: 3, height: 3, data }).data[4]).toBe(5);
  });
});
