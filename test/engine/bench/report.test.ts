import { describe, expect, it } from 'vitest';
import { causalVariants } from '../../../electron/engine/bench/method-registry.js';
import { renderDataset } from '../../../electron/engine/bench/report.js';
import type { DatasetResult, MethodResult } from '../../../electron/engine/bench/run-benchmark.js';

function method(id: string, extra: Partial<MethodResult> = {}): MethodResult {
  return { id, label: id, robustness: { jpeg90: 0.5 }, errors: [], msPerImage: 12, cpuMsPerImage: 10, ...extra };
}

const dataset = (methods: MethodResult[]): DatasetResult => ({
  dataset: 'zoo', kind: 'zoo', dir: '/x', images: 4, skippedImages: [], imagesPerLabel: { a: 2, b: 2 }, primaryProtocol: 'enrol A, test B',
  robustnessImages: 2, loadAverage: { start: [1, 1, 1], end: [2, 2, 2] }, seconds: 3, methods,
});

describe('renderDataset', () => {
  it('prints a per-stage latency table (wall / CPU) for methods that report stages only', () => {
    const text = renderDataset(dataset([
      method('causal', { stageMs: { patches: 1.25, residual: 8 }, stageCpuMs: { patches: 1, residual: 6.5 } }),
      method('frank2020'),
    ]));
    expect(text).toContain('| method | patches | residual | predict total |');
    expect(text).toContain('| causal | 1.3 / 1.0 | 8.0 / 6.5 | 12.0 / 10.0 |');
    expect(text).not.toMatch(/\| frank2020 \| .* \/ /);
  });

  it('leaves the stage table out when no method reports stages', () => {
    expect(renderDataset(dataset([method('frank2020')]))).not.toContain('Latency by engine stage');
  });
});

describe('causalVariants', () => {
  it('lists ablations per default space and marks the extra spaces and residual choices as opt-in', () => {
    const variants = causalVariants(['cooccurrence', 'fourier']);
    const byDefault = variants.filter((v) => !v.optIn).map((v) => v.id);
    expect(byDefault).toEqual(['causal', 'causal:only-cooccurrence', 'causal:only-fourier', 'causal:no-decoupling', 'causal:no-content-directions', 'causal:decouple-processing', 'causal:logistic-head', 'causal:nearest-cluster', 'causal:no-processing-interventions']);
    const optIn = variants.filter((v) => v.optIn);
    expect(optIn.map((v) => v.id)).toContain('causal:reconstructor-residual');
    expect(optIn.map((v) => v.id)).toContain('causal:always-blend');
    expect(optIn.find((v) => v.id === 'causal:plus-ssl')!.spaces).toEqual(['cooccurrence', 'fourier', 'ssl']);
    expect(variants.find((v) => v.id === 'causal:only-fourier')).toEqual({ id: 'causal:only-fourier', options: { model: { spaces: ['fourier'] } } });
    expect(causalVariants(['cooccurrence', 'ssl']).some((v) => v.id === 'causal:plus-ssl')).toBe(false);
  });
});
