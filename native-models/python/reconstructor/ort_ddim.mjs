// Runs the exported reconstructor ONNX with onnxruntime-node (the runtime the app uses) on
// the deterministic fixture and performs a full deterministic DDIM reconstruction with the
// schedule written in the spec, exactly as the TypeScript engine has to. Used by export.py
// to record reconstructor.fixture.json and to check the ONNX against the PyTorch model.
//
//   node ort_ddim.mjs SPEC.json OUT.json
//
// SPEC: { model, size, t, schedule: { T, betaStart, betaEnd, tStar, steps } }
// OUT:  { eps: number[], xhat: number[], timesteps: number[], ms: {...}, ort: version }
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', '..', 'package.json')); // repository root
const ort = require('onnxruntime-node');
const ortVersion = require('onnxruntime-node/package.json').version;

// fixture pattern shared with native-models/tfjs/fixture.mjs; here value = u8 / 127.5 - 1
function fixtureU8(y, x, c) {
  return (5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255;
}

function fixtureInput(size) {
  const a = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) a[(c * size + y) * size + x] = fixtureU8(y, x, c) / 127.5 - 1;
  return a;
}

/** alpha_bar[i] = prod_{j<=i} (1 - beta_j), beta_j = betaStart + (betaEnd - betaStart) * j / (T - 1), in float64. */
export function alphasCumprod({ T, betaStart, betaEnd }) {
  const ab = new Float64Array(T);
  let p = 1;
  for (let i = 0; i < T; i++) {
    p *= 1 - (betaStart + ((betaEnd - betaStart) * i) / (T - 1));
    ab[i] = p;
  }
  return ab;
}

export function ddimTimesteps(tStar, steps) {
  return Array.from({ length: steps }, (_, k) => Math.round((tStar * (k + 1)) / steps));
}

async function main() {
  const [specPath, outPath] = process.argv.slice(2);
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  const sess = await ort.InferenceSession.create(spec.model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const dims = [1, 3, spec.size, spec.size];
  const x0 = fixtureInput(spec.size);
  const eps = async (x, t) => {
    const r = await sess.run({ x_t: new ort.Tensor('float32', x, dims), t: new ort.Tensor('float32', Float32Array.of(t), [1]) });
    return r.eps.data;
  };
  let t0 = performance.now();
  const epsFixture = await eps(x0, spec.t);
  const msSingle = performance.now() - t0;

  const ab = alphasCumprod(spec.schedule);
  const abar = (t) => (t < 0 ? 1 : ab[t]);
  // one deterministic DDIM move (eta = 0) from t_from to t_to with eps predicted at max(t_from, 0)
  const move = async (x, from, to) => {
    const e = await eps(x, Math.max(from, 0));
    const af = abar(from), at = abar(to);
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const x0hat = (x[i] - Math.sqrt(1 - af) * e[i]) / Math.sqrt(af);
      out[i] = Math.sqrt(at) * x0hat + Math.sqrt(1 - at) * e[i];
    }
    return out;
  };
  const ts = ddimTimesteps(spec.schedule.tStar, spec.schedule.steps);
  t0 = performance.now();
  let x = x0, prev = -1;
  for (const t of ts) { x = await move(x, prev, t); prev = t; }
  const xT = x;
  for (let k = ts.length - 1; k >= 0; k--) x = await move(x, ts[k], k > 0 ? ts[k - 1] : -1);
  const msDdim = performance.now() - t0;
  fs.writeFileSync(outPath, JSON.stringify({
    eps: Array.from(epsFixture), xT: Array.from(xT), xhat: Array.from(x), timesteps: ts,
    ms: { single: msSingle, ddim: msDdim }, ort: ortVersion,
    inputs: sess.inputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
    outputs: sess.outputMetadata.map((v) => ({ name: v.name, shape: v.shape, dtype: v.type })),
  }));
}

main().catch((e) => { console.error(e); process.exit(1); });
