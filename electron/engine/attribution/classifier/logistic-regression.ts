/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the biases),
 * fitted by L-BFGS. Loss = mean cross-entropy + (l2 / 2)·‖W‖².
 * Two evaluators of the same objective: JavaScript loops (fitLogisticRegression, synchronous) and
 * onnxruntime's matrix kernels (fitLogisticRegressionOnnx, ≈ 25× faster at library-head sizes).
 */
import type { OnnxModel } from '../../models/onnx-model.js';
import { minimiseLbfgs, minimiseLbfgsAsync, type LbfgsResult } from './lbfgs.js';
import { createOnnxSoftmaxObjective } from './onnx-softmax-objective.js';
import { rowSpan, type RowSpan } from './row-span.js';

export interface LogisticModel {
  classes: string[];
  dims: number;
  /** Row-major [classes × dims]. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface LogisticOptions {
  l2?: number;
  maxIterations?: number;
  /** Filled in by the fit: L-BFGS iterations and objective evaluations (for benchmarks). */
  stats?: { iterations: number; evaluations: number };
}

export function logits(model: LogisticModel, x: ArrayLike<number>): Float64Array {
  const { dims, weights, bias } = model;
  const out = new Float64Array(model.classes.length);
  for (let c = 0; c < out.length; c++) {
    let z = bias[c]!;
    const off = c * dims;
    for (let j = 0; j < dims; j++) z += weights[off + j]! * x[j]!;
    out[c] = z;
  }
  return out;
}

/** Softmax in place, numerically stable. */
export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
  return z;
}

export function predictProbabilities(model: LogisticModel, x: ArrayLike<number>): Float64Array {
  return softmax(logits(model, x));
}

/** The fit's data in flat form: classes sorted, each row's class index, rows row-major. */
export interface SoftmaxProblem {
  classes: string[];
  n: number;
  dims: number;
  target: Int32Array;
  /** Row-major [n × dims]. */
  x: Float64Array;
}

function softmaxProblem(rows: readonly ArrayLike<number>[], labels: readonly string[]): SoftmaxProblem {
  const classes = [...new Set(labels)].sort();
  const dims = rows[0]!.length;
  const n = rows.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const target = Int32Array.from(labels, (l) => classIndex.get(l)!);
  const x = new Float64Array(n * dims);
  rows.forEach((row, i) => {
    for (let j = 0; j < dims; j++) x[i * dims + j] = row[j]!;
  });
  return { classes, n, dims, target, x };
}

function checkRows(rows: readonly ArrayLike<number>[], labels: readonly string[]): void {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('fitLogisticRegression needs one label per row');
}

/** The rows' span when they have more dimensions than there are rows (same optimum, see row-span.ts), else null. */
function spanIfWide(rows: readonly ArrayLike<number>[]): RowSpan | null {
  return rows[0]!.length <= rows.length ? null : rowSpan(rows.map((r) => Float64Array.from(r)));
}

function fromSpan(span: RowSpan, reduced: LogisticModel, dims: number): LogisticModel {
  const weights = new Float64Array(reduced.classes.length * dims);
  for (let c = 0; c < reduced.classes.length; c++) {
    weights.set(span.toFull(reduced.weights.subarray(c * reduced.dims, (c + 1) * reduced.dims)), c * dims);
  }
  return { classes: reduced.classes, dims, weights, bias: reduced.bias };
}

function toModel(problem: SoftmaxProblem, result: LbfgsResult): LogisticModel {
  const wSize = problem.classes.length * problem.dims;
  return { classes: problem.classes, dims: problem.dims, weights: result.x.slice(0, wSize), bias: result.x.slice(wSize) };
}

/** Fits with the JavaScript objective, in the span of the rows when they are wider than tall. */
export function fitLogisticRegression(
  rows: readonly ArrayLike<number>[],
  labels: readonly string[],
  opts: LogisticOptions = {},
): LogisticModel {
  checkRows(rows, labels);
  const span = spanIfWide(rows);
  if (!span) return fitLogisticRegressionDirect(rows, labels, opts);
  return fromSpan(span, fitLogisticRegressionDirect(span.coordinates, labels, opts), rows[0]!.length);
}

/**
 * The same fit (same objective, same L-BFGS steps, same starting point) with the objective and its
 * gradient evaluated by onnxruntime on `kernel` (native-models/kernels/softmax-regression-objective.onnx,
 * see onnx-softmax-objective.ts). Agrees with fitLogisticRegression up to floating-point summation order.
 */
export async function fitLogisticRegressionOnnx(
  kernel: OnnxModel,
  rows: readonly ArrayLike<number>[],
  labels: readonly string[],
  opts: LogisticOptions = {},
): Promise<LogisticModel> {
  checkRows(rows, labels);
  const span = spanIfWide(rows);
  const problem = softmaxProblem(span ? span.coordinates : rows, labels);
  const objective = await createOnnxSoftmaxObjective(kernel, problem, opts.l2 ?? 1e-2);
  const result = await minimiseLbfgsAsync(objective.evaluate, new Float64Array((problem.dims + 1) * problem.classes.length), {
    maxIterations: opts.maxIterations ?? 300,
  });
  if (opts.stats) Object.assign(opts.stats, { iterations: result.iterations, evaluations: objective.evaluations() });
  const model = toModel(problem, result);
  return span ? fromSpan(span, model, rows[0]!.length) : model;
}

export function fitLogisticRegressionDirect(
  rows: readonly ArrayLike<number>[],
  labels: readonly string[],
  opts: LogisticOptions,
): LogisticModel {
  const l2 = opts.l2 ?? 1e-2;
  const problem = softmaxProblem(rows, labels);
  const { dims, n, target, x } = problem;
  const k = problem.classes.length;
  const wSize = k * dims;
  const z = new Float64Array(k);
  // A class whose gradient weight is below this adds less than 1e-12·|x| to the gradient: skipped.
  const negligible = 1e-12 / n;

  let evaluations = 0;
  const objective = (params: Float64Array, grad: Float64Array): number => {
    evaluations++;
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const xOff = i * dims;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const wOff = c * dims;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let j = 0;
        for (; j + 3 < dims; j += 4) {
          s0 += params[wOff + j]! * x[xOff + j]!;
          s1 += params[wOff + j + 1]! * x[xOff + j + 1]!;
          s2 += params[wOff + j + 2]! * x[xOff + j + 2]!;
          s3 += params[wOff + j + 3]! * x[xOff + j + 3]!;
        }
        for (; j < dims; j++) s0 += params[wOff + j]! * x[xOff + j]!;
        const value = params[wSize + c]! + s0 + s1 + s2 + s3;
        z[c] = value;
        if (value > max) max = value;
      }
      const t = target[i]!;
      const targetLogit = z[t]!;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        z[c] = Math.exp(z[c]! - max);
        sum += z[c]!;
      }
      loss += max + Math.log(sum) - targetLogit;
      for (let c = 0; c < k; c++) {
        const g = (z[c]! / sum - (c === t ? 1 : 0)) / n;
        if (Math.abs(g) < negligible) continue;
        const wOff = c * dims;
        for (let j = 0; j < dims; j++) grad[wOff + j]! += g * x[xOff + j]!;
        grad[wSize + c]! += g;
      }
    }
    loss /= n;
    let penalty = 0;
    for (let j = 0; j < wSize; j++) {
      penalty += params[j]! * params[j]!;
      grad[j]! += l2 * params[j]!;
    }
    return loss + 0.5 * l2 * penalty;
  };

  const result = minimiseLbfgs(objective, new Float64Array(wSize + k), { maxIterations: opts.maxIterations ?? 300 });
  if (opts.stats) Object.assign(opts.stats, { iterations: result.iterations, evaluations });
  return toModel(problem, result);
}
