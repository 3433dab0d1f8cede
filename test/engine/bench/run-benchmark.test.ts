import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createBaseline } from '../../../electron/engine/baselines/index.js';
import { listRealGenerators, listZooRenders } from '../../../electron/engine/bench/datasets.js';
import { renderDataset } from '../../../electron/engine/bench/report.js';
import { runBenchmark } from '../../../electron/engine/bench/run-benchmark.js';
import { writeRealStyleDataset, writeZooStyleDataset } from './bench-fixtures.js';

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
      expect(m.openSet).toBeUndefined();
      expect(m.robustness).toEqual({});
    }
  });
});
