/**
 * Does the diffusion reconstruction residual help attribution? Fingerprints data/real-generators
 * with the default spaces under several residual sources (the Gaussian denoiser and reconstructor
 * samplers), clean images only, and scores each with the same stratified 5-fold CV
 * (fitLibraryModel / attribute, no processed copies). Prints accuracy, macro-F1 and the residual's
 * time per image (CPU ms, median over 256² images), for all default spaces and for the
 * residual-dependent spaces alone (the co-occurrence space reads the pixels, not the residual).
 *
 *   nice -n 5 npx tsx electron/engine/analysis/measure-reconstruction-residual.ts \
 *     [--data DIR] [--cache DIR] [--limit N] [--max-patches K] [--configs denoiser,onestep:20,ddim:1:50,fragment] [--skip-single]
 *
 * Config syntax: `denoiser`, `onestep:T` (one network call at t = T), `ddim:STEPS:TSTAR`
 * (DDIM STEPS+STEPS to t* = TSTAR), `fragment` (the fragment's documented DDIM sampler).
 * The per-image pipeline is the engine's (electron/engine/fingerprint/engine.ts: samplePatches →
 * X̂ → r = X − X̂ → spaces → mean over patches) with the reconstructor's sampler chosen here.
 * Fingerprints are cached per config in --cache (default /tmp/recon-helper).
 * With `denoiser` among the configs, each reconstructor config is also scored as an addition:
 * the denoiser's spaces plus the reconstructor residual's Fourier and SL spaces as extra spaces
 * (does the diffusion residual carry information the denoiser residual lacks?). --skip-single
 * scores only these combinations (fingerprints come from the cache).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeForAnalysis } from '../imaging/decode.js';
import { samplePatches } from '../imaging/patches.js';
import { readPackInfo } from '../fingerprint/pack-info.js';
import { createCooccurrenceSpace } from '../spaces/cooccurrence-space.js';
import type { EmbeddingSpace, SpaceInput } from '../spaces/embedding-space.js';
import { createFourierSpace } from '../spaces/fourier-space.js';
import { gaussianDenoise, subtract } from '../spaces/gaussian-residual.js';
import { createSlSpace } from '../spaces/sl-space.js';
import { DiffusionReconstructor, findReconstructor, networkCalls, type ReconstructionSampler } from '../spaces/diffusion-reconstructor.js';
import { loadCache, saveCache, toVectors } from './fingerprint-cache.js';
import { crossValidate, plainFolds, type CvItem } from './cross-validate.js';
import { readRealGeneratorsManifest } from './real-generators-manifest.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const packDir = resolve('native-models/packs/causalprint-base-v1');
const dataDir = resolve(arg('data', '../shared/data/real-generators'));
const cacheDir = arg('cache', '/tmp/recon-helper');
const limit = Number(arg('limit', '100000'));
const maxPatches = Number(arg('max-patches', '16'));
const configNames = arg('configs', 'denoiser,onestep:20,ddim:1:50').split(',');
const RESIDUAL_SPACES = ['fourier', 'sl-residual'];
const ALL_SPACES = ['cooccurrence', ...RESIDUAL_SPACES];

if (!existsSync(join(dataDir, 'manifest.tsv'))) {
  console.log(`No dev set at ${dataDir} (manifest.tsv absent): nothing to measure.`);
  process.exit(0);
}
mkdirSync(cacheDir, { recursive: true });

function parseConfig(name: string): ReconstructionSampler | 'denoiser' {
  if (name === 'denoiser') return 'denoiser';
  if (name === 'fragment') return { kind: 'fragment' };
  const [kind, a, b] = name.split(':');
  if (kind === 'onestep' && a) return { kind: 'one-step', t: Number(a) };
  if (kind === 'ddim' && a && b) return { kind: 'ddim', steps: Number(a), tStar: Number(b) };
  throw new Error(`Unknown config "${name}" (denoiser | onestep:T | ddim:STEPS:TSTAR | fragment).`);
}

const pack = readPackInfo(packDir);
const images = readRealGeneratorsManifest(dataDir).slice(0, limit);
const cooccurrence = createCooccurrenceSpace();
const residualSpaces: EmbeddingSpace[] = [createFourierSpace(pack.patchSize), createSlSpace(join(packDir, 'sl-mobilenetv2.onnx'), 'residual')];
const pixelCachePath = join(cacheDir, `cooccurrence-k${maxPatches}.json`);
const pixelCache = loadCache(pixelCachePath);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;

interface ConfigResult {
  name: string;
  calls: number;
  residualCpuMs: number;
  residualWallMs: number;
  spacesCpuMs: number;
  all: Awaited<ReturnType<typeof crossValidate>>;
  residualOnly: Awaited<ReturnType<typeof crossValidate>>;
}
const results: ConfigResult[] = [];
const residualCaches: Record<string, ReturnType<typeof loadCache>> = {};
const skipSingle = process.argv.includes('--skip-single');

for (const name of configNames) {
  const config = parseConfig(name);
  const found = config === 'denoiser' ? null : findReconstructor(packDir, config);
  if (config !== 'denoiser' && !found) throw new Error(`The pack at ${packDir} has no usable reconstructor.`);
  const reconstructor = found ? new DiffusionReconstructor(found.id, found.path, found.schedule) : null;
  const cachePath = join(cacheDir, `residual-${name.replace(/:/g, '_')}-k${maxPatches}.json`);
  const cache = loadCache(cachePath);
  let computed = 0;
  for (const [n, img] of images.entries()) {
    if (cache[img.file] && pixelCache[img.file]) continue;
    const decoded = await decodeForAnalysis(await readFile(img.file), { maxPixels: 50_000_000 });
    const selection = samplePatches(decoded, { size: pack.patchSize, maxPatches });
    const pixels = selection.patches.map((p) => p.data);
    if (!pixelCache[img.file]) {
      const inputs = pixels.map((p) => ({ size: pack.patchSize, pixels: p, reconstruction: p, residual: p }));
      pixelCache[img.file] = { cooccurrence: Array.from(meanVector(await cooccurrence.embed(inputs), cooccurrence.dim)) };
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const reconstructions = reconstructor ? await reconstructor.reconstruct(pixels, pack.patchSize) : pixels.map((p) => gaussianDenoise(p, pack.patchSize));
    const inputs: SpaceInput[] = pixels.map((p, i) => ({ size: pack.patchSize, pixels: p, reconstruction: reconstructions[i]!, residual: subtract(p, reconstructions[i]!) }));
    const c1 = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    const entry: Record<string, number[]> = { 'residual-cpu-ms': [(c1.user + c1.system) / 1000], 'residual-wall-ms': [wall], is256: [decoded.width === 256 && decoded.height === 256 ? 1 : 0] };
    const c2 = process.cpuUsage();
    for (const space of residualSpaces) entry[space.id] = Array.from(meanVector(await space.embed(inputs), space.dim));
    const c3 = process.cpuUsage(c2);
    entry['spaces-cpu-ms'] = [(c3.user + c3.system) / 1000];
    cache[img.file] = entry;
    computed++;
    if ((n + 1) % 40 === 0) {
      saveCache(cachePath, cache);
      saveCache(pixelCachePath, pixelCache);
      console.error(`${name}: fingerprinted ${n + 1}/${images.length}`);
    }
  }
  if (computed > 0) {
    saveCache(cachePath, cache);
    saveCache(pixelCachePath, pixelCache);
  }
  await reconstructor?.dispose();
  residualCaches[name] = cache;
  if (skipSingle) continue;

  const items: CvItem[] = images.map((img) => ({
    id: img.file,
    label: img.label,
    source: img.sourceRepo,
    versions: { clean: toVectors({ ...pixelCache[img.file]!, ...pick(cache[img.file]!, RESIDUAL_SPACES) }) },
  }));
  const folds = plainFolds(items, 5);
  const timed = images.map((img) => cache[img.file]!).filter((e) => e.is256?.[0] === 1);
  results.push({
    name,
    calls: reconstructor ? networkCalls(reconstructor.schedule) : 0,
    residualCpuMs: median(timed.map((e) => e['residual-cpu-ms']![0]!)),
    residualWallMs: median(timed.map((e) => e['residual-wall-ms']![0]!)),
    spacesCpuMs: median(timed.map((e) => e['spaces-cpu-ms']![0]!)),
    all: await crossValidate(items, folds, { trainVariants: [], testConditions: ['clean'], model: { spaces: ALL_SPACES } }),
    residualOnly: await crossValidate(items, folds, { trainVariants: [], testConditions: ['clean'], model: { spaces: RESIDUAL_SPACES } }),
  });
  const r = results[results.length - 1]!;
  console.error(`${name}: done (${computed} fingerprinted now)`);
  console.log(
    `${r.name}\tUNet calls/patch ${r.calls}\tresidual ${r.residualCpuMs.toFixed(1)} ms CPU (${r.residualWallMs.toFixed(1)} wall) + Fourier/SL ${r.spacesCpuMs.toFixed(1)} ms CPU per 256² image` +
      `\t| ${ALL_SPACES.join('+')}: acc ${r.all.accuracy.clean!.toFixed(3)} F1 ${r.all.macroF1.toFixed(3)}` +
      `\t| ${RESIDUAL_SPACES.join('+')}: acc ${r.residualOnly.accuracy.clean!.toFixed(3)} F1 ${r.residualOnly.macroF1.toFixed(3)}`,
  );
}
for (const s of residualSpaces) await s.dispose?.();
const denoiser = residualCaches.denoiser;
for (const name of denoiser ? configNames.filter((n) => n !== 'denoiser') : []) {
  const extra = RESIDUAL_SPACES.map((s) => `${s}@${name}`);
  const items: CvItem[] = images.map((img) => {
    const own = residualCaches[name]![img.file]!;
    const vectors = { ...pixelCache[img.file]!, ...pick(denoiser![img.file]!, RESIDUAL_SPACES), ...Object.fromEntries(RESIDUAL_SPACES.map((s) => [`${s}@${name}`, own[s]!])) };
    return { id: img.file, label: img.label, source: img.sourceRepo, versions: { clean: toVectors(vectors) } };
  });
  const folds = plainFolds(items, 5);
  const all = await crossValidate(items, folds, { trainVariants: [], testConditions: ['clean'], model: { spaces: [...ALL_SPACES, ...extra] } });
  const residualOnly = await crossValidate(items, folds, { trainVariants: [], testConditions: ['clean'], model: { spaces: [...RESIDUAL_SPACES, ...extra] } });
  console.log(
    `denoiser + ${name} as extra spaces\t| ${[...ALL_SPACES, ...extra].join('+')}: acc ${all.accuracy.clean!.toFixed(3)} F1 ${all.macroF1.toFixed(3)}` +
      `\t| ${[...RESIDUAL_SPACES, ...extra].join('+')}: acc ${residualOnly.accuracy.clean!.toFixed(3)} F1 ${residualOnly.macroF1.toFixed(3)}`,
  );
}
console.log(`\n${images.length} images, K=${maxPatches}, plain stratified 5-fold, clean only, no processed copies; ms = median over the 256² images, this machine (shared cores).`);

function pick(entry: Record<string, number[]>, keys: string[]): Record<string, number[]> {
  return Object.fromEntries(keys.map((k) => [k, entry[k]!]));
}

function meanVector(vectors: Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (const v of vectors) for (let j = 0; j < dim; j++) out[j]! += v[j]! / vectors.length;
  return out;
}
