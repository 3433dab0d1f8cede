// Runs zoo ONNX files with onnxruntime-node (the repository root's node_modules) for
// export.py: records fixtures in the same format as native-models/tfjs/check-onnx.mjs and
// dumps raw outputs so Python can compare them with PyTorch.
//
//   node ort_run.mjs jobs.json
// jobs.json: [{ onnx, inputName, outputName,
//               fixture?: { size, div, out },         deterministic pattern of tfjs/fixture.mjs
//               raw?: { input, shape, out } }]         float32 NCHW file in, float32 file out
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureNCHW } from '../../tfjs/fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const ort = require('onnxruntime-node');
const ortVersion = require('onnxruntime-node/package.json').version;
const spec = JSON.parse(fs.readFileSync(path.join(root, 'native-models', 'tfjs', 'models.json'), 'utf8'));
const FIXTURE_TOLERANCE_REL = 1e-4;

function stats(a) {
  let min = Infinity, max = -Infinity, s = 0, s2 = 0;
  for (const v of a) { min = Math.min(min, v); max = Math.max(max, v); s += v; s2 += v * v; }
  const mean = s / a.length;
  return { min, max, mean, std: Math.sqrt(Math.max(0, s2 / a.length - mean * mean)) };
}

function slices(a) {
  const n = 16, starts = [0, Math.floor(a.length / 2), a.length - n];
  return starts.map((start) => ({ start, values: Array.from(a.subarray(start, start + n)) }));
}

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const job of jobs) {
  const sess = await ort.InferenceSession.create(job.onnx, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const meta = {
    inputs: sess.inputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
    outputs: sess.outputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
  };
  const report = { onnx: job.onnx, onnxruntime: `onnxruntime-node@${ortVersion} CPU, 1 thread` };
  if (job.fixture) {
    const { size, div } = job.fixture;
    const x = new ort.Tensor('float32', fixtureNCHW(size, size, div), [1, 3, size, size]);
    const t0 = performance.now();
    const y = (await sess.run({ [job.inputName]: x }))[job.outputName];
    report.fixtureMs = performance.now() - t0;
    fs.writeFileSync(job.fixture.out + '.f32', Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength));
    const fixture = {
      id: job.id,
      file: path.basename(job.onnx),
      input: { name: job.inputName, shape: [1, 3, size, size], dtype: 'float32', div, pattern: spec.fixturePattern },
      inputs: meta.inputs,
      outputs: meta.outputs.map((o) => ({ ...o, fixtureShape: y.dims, stats: stats(y.data), slices: slices(y.data) })),
      tolerance: { maxAbsDiffRelativeToOutputRange: FIXTURE_TOLERANCE_REL, note: 'onnxruntime re-run vs these recorded onnxruntime outputs' },
      recordedWith: `onnxruntime-node@${ortVersion} CPU`,
    };
    fs.writeFileSync(job.fixture.out, JSON.stringify(fixture, null, 1) + '\n');
  }
  if (job.raw) {
    const buf = fs.readFileSync(job.raw.input);
    const x = new ort.Tensor('float32', new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4), job.raw.shape);
    const t0 = performance.now();
    const y = (await sess.run({ [job.inputName]: x }))[job.outputName];
    report.rawMs = performance.now() - t0;
    report.rawShape = y.dims;
    fs.writeFileSync(job.raw.out, Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength));
  }
  console.log(JSON.stringify(report));
}
