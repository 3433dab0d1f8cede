/**
 * Training/evaluation data for the SSL encoder, computed with the engine's own code:
 *
 *   npx tsx electron/engine/spaces/ssl-residuals-cli.ts --renders DIR --out PREFIX
 *     [--sources denoiser,reconstructor] [--max-patches 16] [--pack DIR]
 *
 * DIR is a `zoo:render` output (PNGs + labels.json). For every image: decode as the engine does,
 * sample its patches (engine sampler, K = --max-patches), compute each residual source's
 * r = X − X̂ and append it to PREFIX-<source>.i16 (int16 NCHW [3,P,P] per patch, value =
 * round(r × 64), r in 8-bit units). PREFIX.json indexes the patches (image, label, photo, box).
 * Progress on stderr; onnxruntime single-threaded.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeForAnalysis } from '../imaging/decode.js';
import { readPackInfo } from '../fingerprint/pack-info.js';
import { DiffusionReconstructor, findReconstructor } from './diffusion-reconstructor.js';
import { engineResiduals, toInt16Nchw, type ResidualSource } from './ssl-training-residuals.js';

const SCALE = 64;

interface LabelsFile {
  items: { file: string; label: string; photoId: string; box?: unknown }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      renders: { type: 'string' },
      out: { type: 'string' },
      sources: { type: 'string', default: 'denoiser,reconstructor' },
      'max-patches': { type: 'string', default: '16' },
      pack: { type: 'string', default: 'native-models/packs/causalprint-base-v1' },
    },
    strict: true,
  });
  if (!values.renders || !values.out) throw new Error('--renders DIR and --out PREFIX are required');
  const sources = values.sources.split(',').filter(Boolean) as ResidualSource[];
  for (const s of sources) if (s !== 'denoiser' && s !== 'reconstructor') throw new Error(`unknown residual source ${s}`);
  const packDir = resolve(values.pack);
  const { patchSize } = readPackInfo(packDir);
  const found = sources.includes('reconstructor') ? findReconstructor(packDir) : null;
  if (sources.includes('reconstructor') && !found) throw new Error(`The pack at ${packDir} has no reconstructor.`);
  const reconstructor = found ? new DiffusionReconstructor(found.id, found.path, found.schedule) : null;
  const labels = JSON.parse(await readFile(join(values.renders, 'labels.json'), 'utf8')) as LabelsFile;
  const streams = Object.fromEntries(sources.map((s) => [s, createWriteStream(`${values.out}-${s}.i16`)])) as Record<ResidualSource, WriteStream>;
  const patches: { image: number; box: number[] }[] = [];
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const [n, item] of labels.items.entries()) {
    const image = await decodeForAnalysis(await readFile(join(values.renders, item.file)), { maxPixels: 50_000_000 });
    const result = await engineResiduals(image, { patchSize, maxPatches: Number(values['max-patches']), sources, reconstructor });
    for (const s of sources) {
      const packed = toInt16Nchw(result.residuals[s]!, patchSize, SCALE);
      streams[s].write(Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength));
    }
    for (const box of result.boxes) patches.push({ image: n, box });
    if ((n + 1) % 20 === 0) process.stderr.write(`ssl-residuals: ${n + 1}/${labels.items.length} images, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await Promise.all(sources.map((s) => new Promise<void>((done) => streams[s].end(done))));
  await reconstructor?.dispose();
  const usage = process.cpuUsage(cpu0);
  const index = {
    renders: resolve(values.renders),
    patchSize,
    scale: SCALE,
    layout: 'int16 NCHW [3,P,P] per patch, value = round(r * scale), r = X - X_hat in 8-bit units',
    sources: Object.fromEntries(sources.map((s) => [s, s === 'denoiser' ? 'gaussian-denoiser (5-tap, sigma 1)' : `reconstructor:${found!.id}`])),
    images: labels.items.map((i) => ({ file: i.file, label: i.label, photoId: i.photoId })),
    patches,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    cpuSeconds: Math.round((usage.user + usage.system) / 1e5) / 10,
  };
  await writeFile(`${values.out}.json`, JSON.stringify(index));
  process.stderr.write(`ssl-residuals: ${patches.length} patches of ${labels.items.length} images -> ${values.out}.* in ${index.seconds} s (${index.cpuSeconds} s CPU)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`ssl-residuals failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
