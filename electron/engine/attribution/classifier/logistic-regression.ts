/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the biases),
 * fitted by L-BFGS. Loss = mean cross-entropy + (l2 / 2)·‖W‖².
 */
import { minimiseLbfgs } from './lbfgs.js';
import { rowSpan } from './row-span.js';

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

/**
 * Fits in the span of the training rows when they have more dimensions than there are rows
 * (same optimum, see row-span.ts), else directly.
 */
export function fitLogisticRegression(
  rows: readonly ArrayLike<number>[],
  labels: readonly string[],
  opts: LogisticOptions = {},
): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length) throw new Error('fitLogisticRegression needs one label per row');
  const dims = rows[0]!.length;
  if (dims <= rows.length) return fitLogisticRegressionDirect(rows, labels, opts);
  const span = rowSpan(rows.map((r) => Float64Array.from(r)));
  const reduced = fitLogisticRegressionDirect(span.coordinates, labels, opts);
  const weights = new Float64Array(reduced.classes.length * dims);
  for (let c = 0; c < reduced.classes.length; c++) {
    weights.set(span.toFull(reduced.weights.subarray(c * reduced.dims, (c + 1) * reduced.dims)), c * dims);
  }
  return { classes: reduced.classes, dims, weights, bias: reduced.bias };
}

export function fitLogisticRegressionDirect(
  rows: readonly ArrayLike<number>[],
  labels: readonly string[],
  opts: LogisticOptions,
): LogisticModel {
  const l2 = opts.l2 ?? 1e-2;
  const classes = [...new Set(labels)].sort();
  const dims = rows[0]!.length;
  const k = classes.length;
  const n = rows.length;
  const target = labels.map((l) => classes.indexOf(l));
  const wSize = k * dims;
  const probs = new Float64Array(k);

  const objective = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const x = rows[i]!;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let z = params[wSize + c]!;
        const off = c * dims;
        for (let j = 0; j < dims; j++) z += params[off + j]! * x[j]!;
        probs[c] = z;
        if (z > max) max = z;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(probs[c]! - max);
      const logSum = max + Math.log(sum);
      loss += logSum - probs[target[i]!]!;
      for (let c = 0; c < k; c++) {
        const g = (Math.exp(probs[c]! - logSum) - (c === target[i] ? 1 : 0)) / n;
        const off = c * dims;
        for (let j = 0; j < dims; j++) grad[off + j]! += g * x[j]!;
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
  return { classes, dims, weights: result.x.slice(0, wSize), bias: result.x.slice(wSize) };
}
