/**
 * Dev-set check of the SSL space inside the engine, clean images only, with the residual source
 * chosen explicitly (run-real-generators-cv.ts always opens the engine with the pack default):
 *
 *   npx tsx electron/engine/spaces/ssl-cv-cli.ts --spaces cooccurrence,fourier,sl-residual,ssl
 *     [--residual denoiser|reconstructor|auto] [--cache FILE] [--pack DIR] [--data DIR] [--limit N]
 *     [--configs full,no-decoupling,singles,loso]
 *
 * Prints plain stratified 5-fold accuracy (full fusion, without decoupling, each space alone) and
 * leave-one-source-out accuracy, using the same cross-validation code as run-real-generators-cv.ts.
 * The cache holds image-level vectors per space; use one cache file per residual source and pack.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { crossValidate, plainFolds, type CvItem } from '../analysis/cross-validate.js';
import { loadCache, saveCache, toVectors } from '../analysis/fingerprint-cache.js';
import { readRealGeneratorsManifest } from '../analysis/real-generators-manifest.js';
import { openFingerprintEngine, type SpaceId } from '../fingerprint/engine.js';
import { decodeForAnalysis } from '../imaging/decode.js';

const { values } = parseArgs({
  options: {
    spaces: { type: 'string', default: 'cooccurrence,fourier,sl-residual,ssl' },
    residual: { type: 'string', default: 'denoiser' },
    cache: { type: 'string' },
    pack: { type: 'string', default: 'native-models/packs/causalprint-base-v1' },
    data: { type: 'string', default: '../shared/data/real-generators' },
    limit: { type: 'string', default: '100000' },
    // Which evaluations: full, no-decoupling, singles (each space alone), loso (leave one source out).
    configs: { type: 'string', default: 'full,no-decoupling,singles,loso' },
  },
  strict: true,
});
const residual = values.residual as 'denoiser' | 'reconstructor' | 'auto';
if (!['denoiser', 'reconstructor', 'auto'].includes(residual)) throw new Error(`--residual must be denoiser, reconstructor or auto, got ${values.residual}`);
const spaces = values.spaces.split(',') as SpaceId[];
const cachePath = values.cache ?? `/tmp/ssl-cv-${residual}.json`;
const images = readRealGeneratorsManifest(resolve(values.data)).slice(0, Number(values.limit));
const cache = loadCache(cachePath);
const engine = await openFingerprintEngine({ packDir: resolve(values.pack), spaces, residual });
console.log(`${images.length} images, spaces ${spaces.join(',')}, residual ${engine.residualSource}, cache ${cachePath}`);
const sslMs: number[] = [];
let computed = 0;
for (const [n, img] of images.entries()) {
  const have = cache[`${img.file}|clean`] ?? {};
  if (spaces.every((s) => have[s])) continue;
  const fp = await engine.fingerprint(await decodeForAnalysis(await readFile(img.file), { maxPixels: 50_000_000 }));
  if (fp.timingsMs.ssl !== undefined) sslMs.push(fp.timingsMs.ssl);
  for (const s of spaces) have[s] = Array.from(fp.spaces[s]!);
  cache[`${img.file}|clean`] = have;
  computed++;
  if ((n + 1) % 40 === 0) {
    saveCache(cachePath, cache);
    console.error(`fingerprinted ${n + 1}/${images.length}`);
  }
}
if (computed > 0) saveCache(cachePath, cache);
await engine.dispose();
if (sslMs.length) console.log(`ssl space: median ${[...sslMs].sort((a, b) => a - b)[sslMs.length >> 1]!.toFixed(1)} ms per image (wall, shared machine)`);

const items: CvItem[] = images.map((img) => {
  const entry = cache[`${img.file}|clean`]!;
  return { id: img.file, label: img.label, source: img.sourceRepo, versions: { clean: toVectors(Object.fromEntries(spaces.map((s) => [s, entry[s]!]))) } };
});
const fmt = (r: Awaited<ReturnType<typeof crossValidate>>) => `n=${r.tested} clean=${r.accuracy.clean!.toFixed(3)} macroF1=${r.macroF1.toFixed(3)}`;
const plain = plainFolds(items, 5);
const wanted = new Set(values.configs.split(','));
const configs: { name: string; model: Parameters<typeof crossValidate>[2]['model'] }[] = [
  ...(wanted.has('full') ? [{ name: 'full (decoupled)', model: {} }] : []),
  ...(wanted.has('no-decoupling') ? [{ name: 'no decoupling', model: { projection: { decouple: false } } }] : []),
  ...(wanted.has('singles') && spaces.length > 1 ? spaces.map((s) => ({ name: `space ${s} alone`, model: { spaces: [s] } })) : []),
];
for (const c of configs) {
  const r = await crossValidate(items, plain, { trainVariants: [], testConditions: ['clean'], model: c.model });
  console.log(`plain 5-fold | ${c.name}: ${fmt(r)}`);
}
if (!wanted.has('loso')) process.exit(0);
const sources = [...new Set(items.map((i) => i.source))].sort();
const grouped = await crossValidate(
  items,
  items.map((i) => sources.indexOf(i.source)),
  { trainVariants: [], testConditions: ['clean'], canScore: (item, trainLabels) => trainLabels.has(item.label) },
);
console.log(`leave-one-source-out (labels with another source) | full: ${fmt(grouped)}`);
