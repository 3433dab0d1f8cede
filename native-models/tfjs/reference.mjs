// TF.js reference run: loads each original TF.js model with @tensorflow/tfjs (pure-JS CPU
// backend), runs the deterministic fixture input and writes the outputs (NCHW float32)
// to native-models/.work/tfjs/ref/<id>.*  — consumed by check-onnx.mjs.
// Usage: node reference.mjs [id ...]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureNHWC, fixtureSize } from './fixture.mjs';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const tf = require('@tensorflow/tfjs');
const spec = JSON.parse(fs.readFileSync(path.join(here, 'models.json'), 'utf8'));
const refDir = path.join(here, '..', '.work', 'tfjs', 'ref');
fs.mkdirSync(refDir, { recursive: true });

function pkgDir(pkg) {
  return path.join(here, 'node_modules', pkg);
}

function loadArtifacts(m) {
  const dir = pkgDir(m.package);
  if (m.source.kind === 'nsfwjs') {
    const mj = require(path.join(dir, m.source.model));
    const bufs = m.source.shards.map((s) => Buffer.from(require(path.join(dir, s)), 'base64'));
    return { mj, data: Buffer.concat(bufs) };
  }
  const file = path.join(dir, m.source.model);
  const mj = JSON.parse(fs.readFileSync(file, 'utf8'));
  const bufs = mj.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(path.dirname(file), p))));
  return { mj, data: Buffer.concat(bufs) };
}

await tf.setBackend('cpu');
const only = process.argv.slice(2);
for (const m of spec.models) {
  if (only.length ? !only.includes(m.id) : m.ship === false) continue;
  let inputRange = m.inputRange;
  if (m.source.kind === 'layers') {
    const def = require(`${m.package}/${m.export}`); // the package's own definition (custom layers, ranges)
    if (def.setup) def.setup(tf);
    inputRange = def.inputRange;
  }
  const { mj, data } = loadArtifacts(m);
  const weightSpecs = mj.weightsManifest.flatMap((g) => g.weights);
  const ab = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: mj.modelTopology, weightSpecs, weightData: ab }));
  const outs = m.outputs ?? [{ refLayer: model.outputs[0].name.split('/')[0], name: 'sr' }];
  const probe = tf.model({ inputs: model.inputs, outputs: outs.map((o) => model.getLayer(o.refLayer).output) });
  const size = fixtureSize(m);
  const x = tf.tensor4d(fixtureNHWC(size, size, inputRange[1] === 1 ? 255 : 1), [1, size, size, 3]);
  const t0 = performance.now();
  let ys = probe.predict(x);
  if (!Array.isArray(ys)) ys = [ys];
  const record = { id: m.id, inputRange, size, outputs: [] };
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i].rank === 4 ? tf.transpose(ys[i], [0, 3, 1, 2]) : ys[i];
    const v = await y.data();
    const f = `${m.id}.${outs[i].name}.f32`;
    fs.writeFileSync(path.join(refDir, f), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    record.outputs.push({ name: outs[i].name, refLayer: outs[i].refLayer, shape: y.shape, file: f });
  }
  record.wallTimeS = +((performance.now() - t0) / 1000).toFixed(2);
  record.tfjs = `@tensorflow/tfjs@${tf.version.tfjs} backend=${tf.getBackend()}`;
  fs.writeFileSync(path.join(refDir, `${m.id}.json`), JSON.stringify(record, null, 1));
  console.log(m.id, JSON.stringify(record.outputs.map((o) => [o.name, o.shape])), `${record.wallTimeS}s`);
  tf.disposeVariables();
}
