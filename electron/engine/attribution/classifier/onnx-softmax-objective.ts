/**
 * The L2-penalised multinomial logistic objective and its gradient, evaluated by onnxruntime on the
 * softmax-regression-objective kernel: the two [n × d]·[d × k] products run in its BLAS instead of
 * JavaScript loops. Same objective as fitLogisticRegressionDirect: mean cross-entropy + (l2/2)·‖W‖².
 */
import type { OnnxModel } from '../../models/onnx-model.js';
import type { AsyncObjective } from './lbfgs.js';
import type { SoftmaxProblem } from './logistic-regression.js';

type KernelInput = 'x' | 'w' | 'b' | 'y' | 'l2';
type KernelOutput = 'loss' | 'grad_w' | 'grad_b';

export interface OnnxSoftmaxObjective {
  /** params = [W row-major (k × d), b (k)]; fills gradOut, resolves to the objective. */
  evaluate: AsyncObjective;
  evaluations(): number;
}

export async function createOnnxSoftmaxObjective(kernel: OnnxModel, problem: SoftmaxProblem, l2: number): Promise<OnnxSoftmaxObjective> {
  await kernel.load();
  const { n, dims } = problem;
  const k = problem.classes.length;
  // Targets as sample weights: 1/n on each row's class (the mean cross-entropy).
  const y = new Float64Array(n * k);
  problem.target.forEach((c, i) => (y[i * k + c] = 1 / n));
  const fixed = { x: { data: problem.x, dims: [n, dims] }, y: { data: y, dims: [n, k] }, l2: { data: Float64Array.of(l2), dims: [] } };
  let evaluations = 0;
  return {
    evaluations: () => evaluations,
    async evaluate(params, gradOut) {
      evaluations++;
      const wSize = k * dims;
      const out = await (kernel as OnnxModel<KernelInput, KernelOutput>).runFloat64({
        ...fixed,
        w: { data: params.slice(0, wSize), dims: [k, dims] },
        b: { data: params.slice(wSize, wSize + k), dims: [k] },
      });
      gradOut.set(out.grad_w.data, 0);
      gradOut.set(out.grad_b.data, wSize);
      return out.loss.data[0]!;
    },
  };
}
