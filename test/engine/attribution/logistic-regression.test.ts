import { describe, expect, it } from 'vitest';
import { fitLinearHead } from '../../../electron/engine/attribution/classifier/linear-head.js';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fitLogisticRegression,
  fitLogisticRegressionDirect,
  fitLogisticRegressionOnnx,
  predictProbabilities,
} from '../../../electron/engine/attribution/classifier/logistic-regression.js';
import { minimiseLbfgs, minimiseLbfgsAsync } from '../../../electron/engine/attribution/classifier/lbfgs.js';
import { computeKernel } from '../../../electron/engine/models/compute-kernels.js';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';
import { createRandom } from '../../../electron/engine/attribution/classifier/seeded-random.js';
import { fitStandardiser, standardise } from '../../../electron/engine/attribution/classifier/standardiser.js';

function gaussianBlobs(perClass: number, seed: number): { rows: number[][]; labels: string[] } {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres: Record<string, number[]> = { a: [3, 0, 0], b: [0, 3, 0], c: [0, 0, 3] };
  const rows: number[][] = [];
  const labels: string[] = [];
  for (const [label, centre] of Object.entries(centres)) {
    for (let i = 0; i < perClass; i++) {
      rows.push([...centre.map((c) => c + normal()), normal() * 5]); // a 4th, pure-noise dimension
      labels.push(label);
    }
  }
  return { rows, labels };
}

describe('minimiseLbfgs', () => {
  it('finds the minimum of a convex quadratic', () => {
    const target = [1, -2, 3];
    const res = minimiseLbfgs((x, g) => {
      let f = 0;
      for (let i = 0; i < 3; i++) { const d = x[i]! - target[i]!; f += (i + 1) * d * d; g[i] = 2 * (i + 1) * d; }
      return f;
    }, new Float64Array(3));
    expect(Array.from(res.x).map((v) => Number(v.toFixed(4)))).toEqual(target);
  });

  it('takes the same steps with an asynchronous objective', async () => {
    const rosenbrock = (x: Float64Array, g: Float64Array) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const sync = minimiseLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIterations: 500 });
    const viaPromise = await minimiseLbfgsAsync(async (x, g) => rosenbrock(x, g), Float64Array.of(-1.2, 1), { maxIterations: 500 });
    expect(sync.x[0]).toBeCloseTo(1, 4);
    expect(Array.from(viaPromise.x)).toEqual(Array.from(sync.x));
    expect(viaPromise.iterations).toBe(sync.iterations);
  });
});

describe('logistic regression', () => {
  it('separates three Gaussian blobs on held-out data', () => {
    const train = gaussianBlobs(40, 1);
    const test = gaussianBlobs(40, 2);
    const model = fitLogisticRegression(train.rows, train.labels, { l2: 1e-3 });
    const hits = test.rows.filter((r, i) => {
      const p = predictProbabilities(model, r);
      return model.classes[p.indexOf(Math.max(...p))] === test.labels[i];
    }).length;
    expect(hits / test.rows.length).toBeGreaterThan(0.9);
  });

  it('gives probabilities that sum to one and is deterministic', () => {
    const train = gaussianBlobs(10, 3);
    const a = fitLogisticRegression(train.rows, train.labels);
    const b = fitLogisticRegression(train.rows, train.labels);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    const p = predictProbabilities(a, [1, 1, 1, 0]);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('fits more dimensions than rows in the row span with the same optimum as the direct fit', () => {
    const random = createRandom(8);
    const rows = Array.from({ length: 12 }, (_, i) => Array.from({ length: 40 }, (_, d) => random() - 0.5 + (d === i % 3 ? 1 : 0)));
    const labels = rows.map((_, i) => `c${i % 3}`);
    const viaSpan = fitLogisticRegression(rows, labels, { l2: 0.1, maxIterations: 2000 });
    const direct = fitLogisticRegressionDirect(rows, labels, { l2: 0.1, maxIterations: 2000 });
    const probe = Array.from({ length: 40 }, () => random() - 0.5);
    const a = predictProbabilities(viaSpan, probe);
    const b = predictProbabilities(direct, probe);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
  });

  it('fits the same model with the objective evaluated by the onnxruntime kernel', async () => {
    const train = gaussianBlobs(25, 9);
    const kernel = computeKernel('softmax-regression-objective');
    for (const l2 of [1e-3, 0.1]) {
      const stats = { iterations: 0, evaluations: 0 };
      const viaOnnx = await fitLogisticRegressionOnnx(kernel, train.rows, train.labels, { l2, stats });
      const viaJs = fitLogisticRegression(train.rows, train.labels, { l2 });
      expect(viaOnnx.classes).toEqual(viaJs.classes);
      expect(stats.evaluations).toBeGreaterThan(stats.iterations);
      viaOnnx.weights.forEach((w, i) => expect(w).toBeCloseTo(viaJs.weights[i]!, 6));
      viaOnnx.bias.forEach((b, i) => expect(b).toBeCloseTo(viaJs.bias[i]!, 6));
    }
    // Wider than tall: both go through the row span.
    const wide = Array.from({ length: 9 }, (_, i) => Array.from({ length: 30 }, (_, d) => Math.sin(i * 7 + d) + (d === i % 3 ? 2 : 0)));
    const wideLabels = wide.map((_, i) => `c${i % 3}`);
    const a = await fitLogisticRegressionOnnx(kernel, wide, wideLabels, { l2: 0.1 });
    const b = fitLogisticRegression(wide, wideLabels, { l2: 0.1 });
    expect(a.dims).toBe(30);
    a.weights.forEach((w, i) => expect(w).toBeCloseTo(b.weights[i]!, 6));
  });

  it('refuses a compute kernel whose file does not match the manifest hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernels-'));
    const manifest = JSON.parse(readFileSync(resolveResourcePath('kernels/manifest.json'), 'utf8')) as { kernels: { file: string; sha256: string }[] };
    copyFileSync(resolveResourcePath(`kernels/${manifest.kernels[0]!.file}`), join(dir, manifest.kernels[0]!.file));
    manifest.kernels[0]!.sha256 = '0'.repeat(64);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const train = gaussianBlobs(5, 1);
    await expect(fitLogisticRegressionOnnx(computeKernel('softmax-regression-objective', join(dir, 'manifest.json')), train.rows, train.labels)).rejects.toMatchObject({
      code: 'INTEGRITY',
    });
  });

  it('shrinks the weights with a stronger L2 penalty', () => {
    const train = gaussianBlobs(20, 4);
    const norm = (l2: number) => Math.hypot(...fitLogisticRegression(train.rows, train.labels, { l2 }).weights);
    expect(norm(1)).toBeLessThan(norm(1e-3));
  });
});

describe('standardiser and linear head', () => {
  it('z-scores with training statistics', () => {
    const s = fitStandardiser([[1, 5], [3, 5]]);
    expect(Array.from(standardise(s, [2, 5]))).toEqual([0, 0]);
    expect(Array.from(standardise(s, [3, 6]))).toEqual([1, 1]); // constant dim keeps scale 1
  });

  it('predicts labels with higher unknown score for a far-away outlier under energy scoring', () => {
    const train = gaussianBlobs(30, 5);
    const head = fitLinearHead(train.rows, train.labels, { openSet: 'max-prob' });
    const inClass = head.predict([3, 0, 0, 0]);
    expect(inClass.label).toBe('a');
    expect(inClass.scores.a).toBeGreaterThan(0.5);
    const ambiguous = head.predict([1, 1, 1, 0]);
    expect(ambiguous.unknownScore).toBeGreaterThan(inClass.unknownScore);
  });
});
