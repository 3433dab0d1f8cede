// Runs the converted ONNX files with onnxruntime-node (from the repository root's
// node_modules) on the deterministic fixture.
//
//   node check-onnx.mjs            check every file listed in the two converted.json fragments:
//                                  sha256, output shapes, max abs diff vs <file>.fixture.json
//   node check-onnx.mjs --record [id ...]
//                                  (used by convert_tfjs.py) compare with the TF.js reference
//                                  outputs in ../.work/tfjs/ref and write the fixtures plus
//                                  ../.work/tfjs/verify/<id>.json
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureNCHW, fixtureSize } from './fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const nm = path.join(here, '..');
const require = createRequire(path.join(nm, '..', 'package.json')); // repository root
const ort = require('onnxruntime-node');
const ortVersion = require('onnxruntime-node/package.json').version;
const spec = JSON.parse(fs.readFileSync(path.join(here, 'models.json'), 'utf8'));
const FIXTURE_TOLERANCE_REL = 1e-4; // onnxruntime re-run vs recorded fixture, x output range

function defaults(m) {
  const sr = m.id.startsWith('sr-');
  return { out: `zoo/${m.id}.onnx`, inputName: sr ? 'lr' : 'image', outputs: [{ name: 'sr' }], ...m };
}

async function run(file, inputName, size, div) {
  const sess = await ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const x = new ort.Tensor('float32', fixtureNCHW(size, size, div), [1, 3, size, size]);
  const t0 = performance.now();
  const res = await sess.run({ [inputName]: x });
  const ms = performance.now() - t0;
  const meta = {
    inputs: sess.inputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
    outputs: sess.outputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
  };
  return { res, ms, meta, names: sess.outputNames };
}

function stats(a) {
  let min = Infinity, max = -Infinity, s = 0, s2 = 0;
  for (const v of a) { min = Math.min(min, v); max = Math.max(max, v); s += v; s2 += v * v; }
  const mean = s / a.length;
  return { min, max, mean, std: Math.sqrt(Math.max(0, s2 / a.length - mean * mean)) };
}

function maxAbsDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function slices(a) {
  const n = 16, starts = [0, Math.floor(a.length / 2), a.length - n];
  return starts.map((start) => ({ start, values: Array.from(a.subarray(start, start + n)) }));
}

async function record(ids) {
  for (const m0 of spec.models) {
    const m = defaults(m0);
    if (ids.length ? !ids.includes(m.id) : m.ship === false) continue;
    const ref = JSON.parse(fs.readFileSync(path.join(nm, '.work/tfjs/ref', `${m.id}.json`), 'utf8'));
    const size = fixtureSize(m), div = ref.inputRange[1] === 1 ? 255 : 1;
    const file = path.join(nm, m.out);
    const { res, ms, meta } = await run(file, m.inputName, size, div);
    let worst = 0, lo = Infinity, hi = -Infinity;
    const outs = [];
    for (const o of ref.outputs) {
      const r = new Float32Array(fs.readFileSync(path.join(nm, '.work/tfjs/ref', o.file)).buffer.slice(0));
      const y = res[o.name];
      const shapeOk = JSON.stringify(y.dims) === JSON.stringify(o.shape);
      const d = shapeOk ? maxAbsDiff(y.data, r) : Infinity;
      const st = stats(r);
      lo = Math.min(lo, st.min); hi = Math.max(hi, st.max);
      worst = Math.max(worst, d / (st.max - st.min));
      outs.push({ name: o.name, refLayer: o.refLayer, shape: y.dims, maxAbsDiff: d, refRange: [st.min, st.max], maxAbsDiffRelative: d / (st.max - st.min) });
      console.log(`${m.id} ${o.name} ${JSON.stringify(y.dims)} max|onnx-tfjs|=${d.toExponential(3)} ref range [${st.min.toFixed(4)}, ${st.max.toFixed(4)}]`);
    }
    const ver = {
      id: m.id,
      reference: `${ref.tfjs}: original model.json + shards loaded with tf.loadLayersModel, same fixture input`,
      input: `fixture ${size}x${size} (${spec.fixturePattern})`,
      inputRange: ref.inputRange,
      maxAbsDiff: Math.max(...outs.map((o) => o.maxAbsDiff)),
      refRange: [lo, hi],
      maxAbsDiffRelative: worst,
      perOutput: outs,
      passed: worst <= 1e-3,
      onnxruntime: `onnxruntime-node@${ortVersion} CPU, 1 thread, ${ms.toFixed(0)} ms`,
      tfjsWallTimeS: ref.wallTimeS,
    };
    fs.writeFileSync(path.join(nm, '.work/tfjs/verify', `${m.id}.json`), JSON.stringify(ver, null, 1));
    const fixture = {
      id: m.id,
      file: path.basename(m.out),
      input: { name: m.inputName, shape: [1, 3, size, size], dtype: 'float32', div, pattern: spec.fixturePattern },
      inputs: meta.inputs,
      outputs: meta.outputs.map((o) => {
        const y = res[o.name];
        return { ...o, fixtureShape: y.dims, stats: stats(y.data), slices: slices(y.data) };
      }),
      tolerance: { maxAbsDiffRelativeToOutputRange: FIXTURE_TOLERANCE_REL, note: 'onnxruntime re-run vs these recorded onnxruntime outputs' },
      recordedWith: `onnxruntime-node@${ortVersion} CPU`,
    };
    fs.writeFileSync(file.replace(/\.onnx$/, '.fixture.json'), JSON.stringify(fixture, null, 1) + '\n');
    console.log(`${m.id}: ${ver.passed ? 'PASS' : 'FAIL'} rel diff ${worst.toExponential(3)}, ort ${ms.toFixed(0)} ms`);
    if (!ver.passed) process.exitCode = 1;
  }
}

async function check() {
  let failed = 0;
  for (const frag of ['packs/causalprint-base-v1/converted.json', 'zoo/converted.json']) {
    const fp = path.join(nm, frag);
    if (!fs.existsSync(fp)) { console.log(`(missing ${frag})`); continue; }
    for (const e of JSON.parse(fs.readFileSync(fp, 'utf8'))) {
      const file = path.join(path.dirname(fp), e.file);
      const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      const fx = JSON.parse(fs.readFileSync(path.join(path.dirname(fp), e.fixture), 'utf8'));
      const size = fx.input.shape[2];
      const { res, ms } = await run(file, fx.input.name, size, fx.input.div);
      const parts = [];
      let ok = sha === e.sha256;
      for (const o of fx.outputs) {
        const y = res[o.name];
        let d = 0;
        for (const s of o.slices) d = Math.max(d, maxAbsDiff(y.data.subarray(s.start, s.start + s.values.length), Float32Array.from(s.values)));
        const st = stats(y.data);
        d = Math.max(d, Math.abs(st.mean - o.stats.mean), Math.abs(st.std - o.stats.std));
        const rel = d / (o.stats.max - o.stats.min);
        ok &&= JSON.stringify(y.dims) === JSON.stringify(o.fixtureShape) && rel <= fx.tolerance.maxAbsDiffRelativeToOutputRange;
        parts.push(`${o.name} ${JSON.stringify(y.dims)} diff ${d.toExponential(2)}`);
      }
      if (!ok) failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${e.id.padEnd(26)} sha256 ${sha === e.sha256 ? 'ok' : 'MISMATCH'}  ${parts.join('; ')}  (${ms.toFixed(0)} ms)`);
    }
  }
  if (failed) { console.log(`${failed} failed`); process.exitCode = 1; }
}

// --samples: end-to-end check against the sample images the upscalerjs packages publish
// (assets/fixture.png -> assets/samples/<model>/result.png, made by upscalerjs itself).
// convert_tfjs_samples.py decodes the PNGs to raw RGB in ../.work/tfjs/samples first.
async function samples() {
  const dir = path.join(nm, '.work/tfjs/samples');
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  for (const s of index) {
    const m = defaults(spec.models.find((x) => x.id === s.id));
    const lr = fs.readFileSync(path.join(dir, s.input));
    const [h, w] = s.inputShape;
    const div = s.inputRange[1] === 1 ? 255 : 1;
    const x = new Float32Array(3 * h * w);
    for (let c = 0; c < 3; c++) for (let i = 0; i < h * w; i++) x[c * h * w + i] = lr[i * 3 + c] / div;
    const sess = await ort.InferenceSession.create(path.join(nm, m.out), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const y = (await sess.run({ [m.inputName]: new ort.Tensor('float32', x, [1, 3, h, w]) }))[m.outputs[0].name];
    const [, , H, W] = y.dims;
    const expected = fs.readFileSync(path.join(dir, s.expected));
    const out = Buffer.alloc(H * W * 3);
    let sum = 0, max = 0, within1 = 0, differing = 0;
    for (let i = 0; i < H * W; i++) for (let c = 0; c < 3; c++) {
      const v = Math.round(Math.min(Math.max(y.data[c * H * W + i] * (255 / s.inputRange[1]), 0), 255));
      out[i * 3 + c] = v;
      const d = Math.abs(v - expected[i * 3 + c]);
      sum += d; max = Math.max(max, d); if (d <= 1) within1++; if (d) differing++;
    }
    fs.writeFileSync(path.join(dir, `${s.id}.onnx-out.rgb`), out);
    const r = { id: s.id, sample: s.sampleFile, outShape: [H, W], meanAbsDiff8bit: sum / (H * W * 3), maxAbsDiff8bit: max, valuesDiffering: differing, values: H * W * 3, fractionWithin1: within1 / (H * W * 3) };
    fs.writeFileSync(path.join(nm, '.work/tfjs/verify', `${s.id}.samples.json`), JSON.stringify(r, null, 1));
    console.log(JSON.stringify(r));
  }
}

const args = process.argv.slice(2);
if (args[0] === '--record') await record(args.slice(1));
else if (args[0] === '--samples') await samples();
else await check();
