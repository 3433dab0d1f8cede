/**
 * Limited-memory BFGS for smooth unconstrained minimisation (Nocedal & Wright, alg. 7.4/7.5)
 * with a backtracking Armijo line search. Small on purpose: it only has to fit linear models.
 * The search is a generator that yields each point it needs evaluated, so the same steps run
 * with a synchronous objective (minimiseLbfgs) or an asynchronous one (minimiseLbfgsAsync, e.g.
 * an objective evaluated by onnxruntime).
 */
export type Objective = (x: Float64Array, gradOut: Float64Array) => number;
export type AsyncObjective = (x: Float64Array, gradOut: Float64Array) => Promise<number>;

export interface LbfgsOptions {
  maxIterations?: number;
  memory?: number;
  gradientTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** One evaluation request: the generator yields x and receives f(x) after gradOut is filled. */
interface EvaluationRequest {
  x: Float64Array;
  gradOut: Float64Array;
}

export function minimiseLbfgs(objective: Objective, start: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const search = lbfgsSearch(start, opts);
  let step = search.next();
  while (!step.done) step = search.next(objective(step.value.x, step.value.gradOut));
  return step.value;
}

export async function minimiseLbfgsAsync(objective: AsyncObjective, start: Float64Array, opts: LbfgsOptions = {}): Promise<LbfgsResult> {
  const search = lbfgsSearch(start, opts);
  let step = search.next();
  while (!step.done) step = search.next(await objective(step.value.x, step.value.gradOut));
  return step.value;
}

function* lbfgsSearch(start: Float64Array, opts: LbfgsOptions): Generator<EvaluationRequest, LbfgsResult, number> {
  const maxIterations = opts.maxIterations ?? 300;
  const memory = opts.memory ?? 10;
  const tolerance = opts.gradientTolerance ?? 1e-6;
  const n = start.length;
  let x = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = yield { x, gradOut: grad };
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Float64Array(memory);

  for (let iter = 0; iter < maxIterations; iter++) {
    const gradNorm = Math.sqrt(dot(grad, grad));
    if (gradNorm <= tolerance * Math.max(1, Math.sqrt(dot(x, x)))) return { x, value, iterations: iter, converged: true };

    // Two-loop recursion: direction = -H·grad.
    direction.set(grad);
    for (let k = sList.length - 1; k >= 0; k--) {
      const a = rhoList[k]! * dot(sList[k]!, direction);
      alphas[k] = a;
      const y = yList[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= a * y[i]!;
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last]!, yList[last]!) / dot(yList[last]!, yList[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    } else {
      for (let i = 0; i < n; i++) direction[i]! /= Math.max(gradNorm, 1);
    }
    for (let k = 0; k < sList.length; k++) {
      const b = rhoList[k]! * dot(yList[k]!, direction);
      const s = sList[k]!;
      for (let i = 0; i < n; i++) direction[i]! += s[i]! * (alphas[k]! - b);
    }
    for (let i = 0; i < n; i++) direction[i] = -direction[i]!;
    let slope = dot(grad, direction);
    if (slope >= 0) {
      // Not a descent direction (curvature information went stale): restart along -grad.
      sList.length = 0; yList.length = 0; rhoList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -grad[i]!;
      slope = -dot(grad, grad);
    }

    let step = 1;
    const candidate = new Float64Array(n);
    const candidateGrad = new Float64Array(n);
    let candidateValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) candidate[i] = x[i]! + step * direction[i]!;
      candidateValue = yield { x: candidate, gradOut: candidateGrad };
      if (candidateValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(candidateValue < value)) return { x, value, iterations: iter, converged: true };

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = candidate[i]! - x[i]!;
      y[i] = candidateGrad[i]! - grad[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      sList.push(s); yList.push(y); rhoList.push(1 / sy);
      if (sList.length > memory) { sList.shift(); yList.shift(); rhoList.shift(); }
    }
    const relativeDecrease = (value - candidateValue) / Math.max(1, Math.abs(value));
    x = candidate;
    grad = candidateGrad;
    value = candidateValue;
    if (relativeDecrease < 1e-10) return { x, value, iterations: iter + 1, converged: true };
  }
  return { x, value, iterations: maxIterations, converged: false };
}
