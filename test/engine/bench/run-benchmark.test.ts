import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import type { AttributionMethod } from '../../../electron/engine/attribution/method.js';
import { createBaseline } from '../../../electron/engine/baselines/index.js';
import { listExtraReal, listRealGenerators, listZooRenders } from '../../../electron/engine/bench/datasets.js';
import { randomCrop } from '../../../electron/engine/bench/image-io.js';
import { renderDataset } from '../../../electron/engine/bench/report.js';
import { runBenchmark } from '../../../electron/engine/bench/run-benchmark.js';
import { syntheticSet } from '../baselines/synthetic-generators.js';
import { writePng, writeRealStyleDataset, writeZooStyleDataset } from './bench-fixtures.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const methods = () => [createBaseline('marra2019'), createBaseline('frank2020')];

describe('runBenchmark', () => {
  it('runs every protocol on a small real-style set and fills every column', async () => {
    const dir = await writeRealStyleDataset(8);
    made.push(dir);
    const result = await runBenchmark(listRealGenerators(dir), methods(), { quick: true, log: () => {} });
    expect(result.images).toBe(32);
    for (const m of result.methods) {
      expect(m.errors).toEqual([]);
      expect(m.primary!.scored).toBe(32);
      expect(m.primary!.accuracy).toBeGreaterThan(0.5);
      expect(m.openSet!.mean).toBeGreaterThanOrEqual(0);
      expect(Object.keys(m.openSet!.perLabel)).toHaveLength(4);
      expect(m.groupedBySource!.perSplit.map((s) => s.name)).toEqual(['owner/source0', 'owner/source1']);
      expect(m.fewShot!['k=5']!.runs).toBe(2);
      expect(Object.keys(m.robustness).sort()).toEqual(['crop', 'jpeg90']);
      expect(m.formatNeutral!.scored).toBe(32);
      expect(m.msPerImage).toBeGreaterThan(0);
      expect(m.cpuMsPerImage).toBeGreaterThan(0);
      expect(m.leakage).toBeUndefined();
    }
    const table = renderDataset(result);
    expect(table).toContain('| marra2019 |');
    expect(table).toContain('grouped by source');
  });

  it('holds out only the named labels in the open set when asked', async () => {
    const dir = await writeRealStyleDataset(6);
    made.push(dir);
    const listing = listRealGenerators(dir);
    const labels = [...new Set(listing.entries.map((e) => e.label))].sort();
    const result = await runBenchmark(listing, [createBaseline('marra2019')], { quick: true, log: () => {}, protocols: ['primary', 'open-set'], openSetLabels: labels.slice(0, 2) });
    expect(Object.keys(result.methods[0]!.openSet!.perLabel)).toEqual(labels.slice(0, 2));
    expect(renderDataset(result)).toContain(`(2 of ${labels.length} held out)`);
    await expect(runBenchmark(listing, [createBaseline('marra2019')], { quick: true, log: () => {}, protocols: ['primary', 'open-set'], openSetLabels: ['no-such-label'] }))
      .resolves.toMatchObject({ methods: [{ errors: [expect.stringContaining('no-such-label')] }] });
  });

  it('enrols zoo group A, tests group B and measures content leakage against chance', async () => {
    const root = await writeZooStyleDataset(4, 3);
    made.push(root);
    const result = await runBenchmark(listZooRenders(root), methods(), { quick: true, log: () => {}, protocols: ['primary'] });
    expect(result.primaryProtocol).toMatch(/group A/);
    for (const m of result.methods) {
      expect(m.primary!.scored).toBe(12);
      expect(m.leakage!.chance).toBeCloseTo(1 / 3, 12);
      expect(m.leakage!.accuracy).toBeGreaterThanOrEqual(0);
      expect(m.leakage!.scoreAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.openSet).toBeUndefined();
      expect(m.robustness).toEqual({});
    }
  });
});

describe('runBenchmark with train-only references', () => {
  /** Records what every fit saw and what was predicted; predicts the training majority label. */
  function spyMethod(): { method: AttributionMethod; fits: string[][]; predicted: Set<AnalysisImage> } {
    const fits: string[][] = [];
    const predicted = new Set<AnalysisImage>();
    const method: AttributionMethod = {
      id: 'spy',
      label: 'spy',
      async fit(train) {
        fits.push(train.map((t) => t.id));
        const first = train[0]!.label;
        return {
          async predict(image) {
            predicted.add(image);
            return { label: first, scores: { [first]: 1 }, unknownScore: image.data[0]! };
          },
        };
      },
    };
    return { method, fits, predicted };
  }

  it('adds the extra real references to every training side and never scores them', async () => {
    const dir = await writeRealStyleDataset(6);
    made.push(dir);
    const extraDir = join(dir, 'extra-photos', 'camera1');
    mkdirSync(extraDir, { recursive: true });
    // 40×40 windows, so a prediction on an extra reference would be recognisable by its width.
    const photos = syntheticSet(2, 555).slice(0, 3).map((p) => randomCrop(p.image, 40 / 64, 1));
    for (const [i, p] of photos.entries()) await writePng(p, join(extraDir, `p${i}.png`));
    const listing = listRealGenerators(dir);
    const extras = listExtraReal(join(dir, 'extra-photos'), { manifest: '', dir: '' });
    expect(extras.map((e) => [e.label, e.source, e.trainOnly])).toEqual([['real', 'extra:camera1', true], ['real', 'extra:camera1', true], ['real', 'extra:camera1', true]]);
    listing.entries.push(...extras);
    const spy = spyMethod();
    const result = await runBenchmark(listing, [spy.method], { quick: true, log: () => {}, protocols: ['primary', 'open-set', 'grouped', 'few-shot', 'format-neutral'] });
    expect(result.images).toBe(24);
    expect(result.trainOnlyImages).toBe(3);
    expect(result.trainOnlySources).toEqual({ 'extra:camera1': 3 });
    const extraIds = extras.map((e) => e.id);
    // primary (3 folds) + grouped (2 sources) + few-shot (2 repeats) + format-neutral (3 folds) carry every extra;
    // open-set fits hold one label out, so they carry the extras unless "real" is the held-out label.
    const fitsWithAll = spy.fits.filter((ids) => extraIds.every((id) => ids.includes(id)));
    expect(fitsWithAll.length).toBeGreaterThanOrEqual(3 + 2 + 2 + 3);
    expect([...spy.predicted].filter((im) => im.width === 40)).toEqual([]);
    expect(spy.predicted.size).toBeGreaterThan(0);
    const m = result.methods[0]!;
    expect(m.errors).toEqual([]);
    expect(m.primary!.scored).toBe(24);
    expect(m.formatNeutral!.scored).toBe(24);
    expect(Object.values(result.imagesPerLabel).reduce((a, b) => a + b, 0)).toBe(24);
    expect(renderDataset(result)).toContain('Train-only references: 3 extra real-camera images (extra:camera1 3)');
  });
});
