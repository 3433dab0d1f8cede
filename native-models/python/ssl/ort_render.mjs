// Renders a batch of low-resolution crops through a zoo upscaler ONNX with onnxruntime-node
// (onnxruntime is not available to Python here). Used by make_data.py.
//
//   node ort_render.mjs MODEL.onnx INPUT_NAME IN.f32 N H W OUT.f32
//
// IN.f32: float32 NCHW [N,3,H,W] already in the model's input range; OUT.f32: the raw
// output (float32 NCHW [N,3,sH,sW]); the shape is printed as JSON on stdout.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', '..', 'package.json')); // repository root
const ort = require('onnxruntime-node');

async function main() {
  const [model, inputName, inPath, n, h, w, outPath] = process.argv.slice(2);
  const dims = [Number(n), 3, Number(h), Number(w)];
  const buf = fs.readFileSync(inPath);
  const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const sess = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const res = await sess.run({ [inputName]: new ort.Tensor('float32', data, dims) });
  const y = res[sess.outputNames[0]];
  fs.writeFileSync(outPath, Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength));
  console.log(JSON.stringify({ dims: y.dims }));
}

main().catch((e) => { console.error(e); process.exit(1); });
