/**
 * Times the multinomial logistic regression fit at the size of a library head (default: the zoo
 * library, ≈ 2600 references × 480 fused dimensions × 114 clusters) on synthetic clustered rows,
 * single thread, with both evaluators of the objective: JavaScript loops (the baseline) and the
 * onnxruntime kernel. Prints ms per fit, L-BFGS iterations and objective evaluations, the training
 * accuracy, the largest weight difference between the two fits, and the speed ratio.
 *
 *   npx tsx electron/engine/analysis/measure-logistic-fit.ts [--rows N] [--dims D] [--classes K] [--repeats R] [--iterations I]
 */
import { fitLogisticRegression, fitLogisticRegressionOnnx, type LogisticModel, type LogisticOptions } from '../attribution/classifier/logistic-regression.js';
import { createRandom } from '../attribution/classifier/seeded-random.js';
import { computeKernel } from '../models/compute-kernels.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rows = option('rows', 2600);
const dims = option('dims', 480);
const classes = option('classes', 114);
const repeats = option('repeats', 1);
const iterations = option('iterations', 100);

const random = createRandom(7);
const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, () => 0.12 * normal()));
const data: Float64Array[] = [];
const labels: string[] = [];
for (let i = 0; i < rows; i++) {
  const c = i % classes;
  data.push(Float64Array.from(centres[c]!, (v) => v + normal()));
  labels.push(`c${String(c).padStart(3, '0')}`);
}

function trainingAccuracy(model: LogisticModel): number {
  let hits = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestZ = -Infinity;
    for (let c = 0; c < classes; c++) {
      let z = model.bias[c]!;
      for (let j = 0; j < dims; j++) z += model.weights[c * dims + j]! * data[i]![j]!;
      if (z > bestZ) [best, bestZ] = [c, z];
    }
    if (model.classes[best] === labels[i]) hits++;
  }
  return hits / rows;
}

async function timed(name: string, fit: (opts: LogisticOptions) => LogisticModel | Promise<LogisticModel>): Promise<{ model: LogisticModel; wall: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const stats = { iterations: 0, evaluations: 0 };
  const model = await fit({ l2: 1e-2, maxIterations: iterations, stats });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  console.log(
    `${name}: rows ${rows} dims ${dims} classes ${classes}: fit ${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1e3).toFixed(0)} ms CPU; ` +
      `${stats.iterations} iterations, ${stats.evaluations} evaluations (${(wall / Math.max(1, stats.evaluations)).toFixed(1)} ms each); training accuracy ${trainingAccuracy(model).toFixed(3)}`,
  );
  return { model, wall };
}

const kernel = computeKernel('softmax-regression-objective');
for (let r = 0; r < repeats; r++) {
  const js = await timed('javascript', (opts) => fitLogisticRegression(data, labels, opts));
  const onnx = await timed('onnxruntime', (opts) => fitLogisticRegressionOnnx(kernel, data, labels, opts));
  let maxDiff = 0;
  let maxWeight = 0;
  onnx.model.weights.forEach((w, i) => {
    maxDiff = Math.max(maxDiff, Math.abs(w - js.model.weights[i]!));
    maxWeight = Math.max(maxWeight, Math.abs(w));
  });
  console.log(`speed-up ${(js.wall / onnx.wall).toFixed(1)}x; largest weight difference ${maxDiff.toExponential(2)} (largest weight ${maxWeight.toFixed(3)})`);
}
await kernel.dispose();
