import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeRunFiles } from '../../../electron/engine/bench/merge-results.js';
import type { DatasetResult, MethodResult } from '../../../electron/engine/bench/run-benchmark.js';

const score = (accuracy: number) => ({ accuracy, macroF1: accuracy, scored: 10, perLabel: {}, confusion: {} }) as unknown as NonNullable<MethodResult['primary']>;

function dataset(methods: MethodResult[], load: number): DatasetResult {
  return {
    dataset: 'real-generators', kind: 'real', dir: '/data', images: 10, skippedImages: [], imagesPerLabel: { a: 5, b: 5 },
    primaryProtocol: 'stratified 5-fold', robustnessImages: 10, loadAverage: { start: [load, load, load], end: [load, load, load] }, seconds: 10 * load, methods,
  } as DatasetResult;
}

function runFile(dir: string, name: string, methods: MethodResult[], load: number): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ notes: [], argv: [name], results: [dataset(methods, load)] }));
  return path;
}

describe('mergeRunFiles', () => {
  it('keeps every measurement of a method run in two processes, the later run winning where both measured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-merge-'));
    const full = runFile(dir, 'full.json', [
      { id: 'causal', label: 'ours', primary: score(0.8), openSet: { mean: 0.7, perLabel: {} }, robustness: { jpeg90: 0.6 }, groupedBySource: score(0.4), errors: [] },
      { id: 'frank2020', label: 'Frank', primary: score(0.6), robustness: {}, errors: [] },
    ], 1);
    const oneProtocol = runFile(dir, 'format-neutral.json', [
      { id: 'causal', label: 'ours', primary: score(0.81), robustness: { crop: 0.7 }, formatNeutral: score(0.75), errors: ['timing: slow'] },
      { id: 'srm-fusion', label: 'SRM', primary: score(0.9), robustness: {}, errors: [] },
    ], 3);
    const { results } = mergeRunFiles([full, oneProtocol]);
    expect(results).toHaveLength(1);
    const methods = results[0]!.methods;
    expect(methods.map((m) => m.id)).toEqual(['causal', 'frank2020', 'srm-fusion']);
    const causal = methods[0]!;
    expect(causal.primary!.accuracy).toBe(0.81);
    expect(causal.formatNeutral!.accuracy).toBe(0.75);
    expect(causal.openSet!.mean).toBe(0.7);
    expect(causal.groupedBySource!.accuracy).toBe(0.4);
    expect(causal.robustness).toEqual({ jpeg90: 0.6, crop: 0.7 });
    expect(causal.errors).toEqual(['timing: slow']);
    expect(results[0]!.loadAverage.start).toEqual([3, 3, 3]);
  });
});
