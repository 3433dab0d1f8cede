/**
 * Measures the causal-fingerprint method on data/real-generators: plain stratified 5-fold CV and
 * leave-one-source-out CV (a test source never seen in training), clean and after processing,
 * with ablations, plus the per-stage latency of fingerprinting.
 *
 *   npx tsx electron/engine/analysis/run-real-generators-cv.ts [--data DIR] [--spaces a,b] [--cache FILE] [--limit N]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeForAnalysis } from '../imaging/decode.js';
import { openFingerprintEngine, type SpaceId } from '../fingerprint/engine.js';
import { applyProcessing, DEFAULT_VARIANTS } from '../fingerprint/processing-variants.js';
import { loadCache, saveCache, toVectors } from './fingerprint-cache.js';
import { crossValidate, openSetAuroc, plainFolds, type CvItem } from './cross-validate.js';
import { CORPUS_LOCATION } from '../bench/datasets.js';
import { readCorpusPhotos, readRealGeneratorsManifest } from './real-generators-manifest.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const dataDir = resolve(arg('data', '../shared/data/real-generators'));
const spaces = arg('spaces', 'cooccurrence,fourier,sl-residual').split(',') as SpaceId[];
// The product path (library) uses the fixed denoiser residual; "auto" would run the pack's reconstructor (≈1.6 s per image).
const residual = arg('residual', 'denoiser') as 'auto' | 'denoiser' | 'reconstructor';
// --pooling space: co-occurrence counts pooled over patches (use a separate --cache: the vectors differ).
const pooling = arg('pooling', 'mean') as 'mean' | 'space';
const cachePath = arg('cache', '/tmp/causalprint-real-generators-cache.json');
const limit = Number(arg('limit', '100000'));
// --clean-only: fingerprint and test images as delivered only (no processed copies; faster ablations).
const cleanOnly = process.argv.includes('--clean-only');
const conditions = cleanOnly ? ['clean'] : ['clean', ...DEFAULT_VARIANTS];
const trainVariants = cleanOnly ? [] : DEFAULT_VARIANTS;

const devImages = readRealGeneratorsManifest(dataDir).slice(0, limit);
// --extra-real: the corpus's group-A photos (several cameras/sources) join the "real" class in every
// training fold; they are never tested (the real-camera class built from several sources).
const extraReal = process.argv.includes('--extra-real') ? readCorpusPhotos(CORPUS_LOCATION.manifest, CORPUS_LOCATION.dir, 'A') : [];
const images = [...devImages, ...extraReal.map((p) => ({ label: 'real', file: p.file, sourceRepo: `corpus:${p.sourcePackage}`, format: 'corpus' }))];
const cache = loadCache(cachePath);
const engine = await openFingerprintEngine({ packDir: resolve('native-models/packs/causalprint-base-v1'), spaces, residual, pooling });
const stageTimes: Record<string, number[]> = {};
let computed = 0;
for (const [n, img] of images.entries()) {
  const complete = conditions.every((c) => spaces.every((s) => cache[`${img.file}|${c}`]?.[s]));
  if (complete) continue;
  const decoded = await decodeForAnalysis(await readFile(img.file), { maxPixels: 50_000_000 });
  for (const condition of conditions) {
    const key = `${img.file}|${condition}`;
    const have = cache[key] ?? {};
    const missing = spaces.filter((s) => !have[s]);
    if (missing.length === 0) continue;
    const image = condition === 'clean' ? decoded : await applyProcessing(decoded, condition as (typeof DEFAULT_VARIANTS)[number]);
    const fp = await engine.fingerprint(image);
    if (condition === 'clean' && decoded.width === 256 && decoded.height === 256) {
      for (const [stage, ms] of Object.entries(fp.timingsMs)) (stageTimes[stage] ??= []).push(ms);
    }
    for (const s of missing) have[s] = Array.from(fp.spaces[s]!);
    cache[key] = have;
    computed++;
  }
  if ((n + 1) % 40 === 0) {
    saveCache(cachePath, cache);
    console.error(`fingerprinted ${n + 1}/${images.length}`);
  }
}
if (computed > 0) saveCache(cachePath, cache);
await engine.dispose();
if (computed > 0) {
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  console.log(`latency per 256² image (median over ${stageTimes.patches?.length ?? 0} clean 256² images, ms, this machine, shared cores):`);
  for (const [stage, v] of Object.entries(stageTimes)) console.log(`  ${stage}: ${median(v).toFixed(1)}`);
}

const allItems: CvItem[] = images.map((img) => ({
  id: img.file,
  label: img.label,
  source: img.sourceRepo,
  versions: Object.fromEntries(conditions.map((c) => [c, toVectors(pick(cache[`${img.file}|${c}`]!, spaces))])),
}));

/** Dev-set items (tested); the extra real photos only ever train (fold −1). */
const items = allItems.slice(0, devImages.length);
const withExtras = (foldOf: number[]) => ({ items: allItems, folds: [...foldOf, ...allItems.slice(devImages.length).map(() => -1)] });
if (extraReal.length > 0) console.log(`extra real-camera references in every training fold: ${extraReal.length} corpus group-A photos`);

function pick(entry: Record<string, number[]>, keys: string[]): Record<string, number[]> {
  return Object.fromEntries(keys.map((k) => [k, entry[k]!]));
}

const fmt = (r: Awaited<ReturnType<typeof crossValidate>>) =>
  `n=${r.tested} ` + Object.entries(r.accuracy).map(([c, a]) => `${c}=${a.toFixed(3)}`).join(' ') + ` macroF1=${r.macroF1.toFixed(3)}`;

const plain = plainFolds(items, 5);
const configs: { name: string; trainVariants: string[]; model: Parameters<typeof crossValidate>[2]['model'] }[] = [
  { name: 'full (decoupled, processing copies in training)', trainVariants, model: {} },
  { name: 'no decoupling (copies in training)', trainVariants, model: { projection: { decouple: false } } },
  { name: 'no processing copies (clean training only)', trainVariants: [], model: {} },
  { name: 'equal space weights', trainVariants, model: { weighting: 'equal' } },
  { name: 'one cluster per generator (earlier recipe, no processing-conditioned clusters)', trainVariants, model: { projection: { clusters: 'generator' } } },
  { name: 'logistic head on the fused fingerprint (discriminative; unknown score still the cluster distance)', trainVariants, model: { head: 'logistic' } },
  { name: 'blend of the logistic head and the nearest cluster (weight from held-out references)', trainVariants, model: { head: 'blend' } },
  { name: 'nearest cluster, sample-weighted estimates (head "auto" with few references)', trainVariants, model: { head: 'nearest-cluster', projection: { balance: 'sample' } } },
  ...spaces.map((s) => ({ name: `space ${s} alone`, trainVariants, model: { spaces: [s] } })),
];
if (process.argv.includes('--open-set')) {
  const perLabel = await openSetAuroc(items, plainFolds(items, 5), { trainVariants });
  const values = Object.values(perLabel);
  console.log(`open set (leave one generator out, fold 0 knowns): mean AUROC ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)}`, JSON.stringify(Object.fromEntries(Object.entries(perLabel).map(([k, v]) => [k, Number(v.toFixed(3))]))));
}
// --projection JSON: extra projection options for a "tuned" configuration (index 99).
const tuned = arg('projection', '');
if (tuned !== '') configs.push({ name: `decoupled with ${tuned}`, trainVariants, model: { projection: JSON.parse(tuned) as Record<string, number | string> } });
const only = arg('configs', '');
for (const c of configs.filter((c, i) => only === '' || only.split(',').includes(String(i)) || (tuned !== '' && i === configs.length - 1))) {
  const t0 = performance.now();
  const x = withExtras(plain);
  const r = await crossValidate(x.items, x.folds, { trainVariants: c.trainVariants, testConditions: conditions, model: c.model });
  console.log(`plain 5-fold | ${c.name}: ${fmt(r)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
// Format-neutral: every image (train and test) re-encoded at JPEG 90 first.
if (!cleanOnly && !process.argv.includes('--skip-extra')) {
  const x = withExtras(plain);
  const r = await crossValidate(x.items, x.folds, { base: 'jpeg-90', trainVariants: ['jpeg-75', 'resize-0.75', 'resize-1.5', 'crop'], testConditions: ['clean'] });
  console.log(`plain 5-fold | format-neutral (all JPEG 90 first): ${fmt(r)}`);
}
// Leave one source out: a test image's source repository never appears in training.
if (process.argv.includes('--skip-extra')) process.exit(0);
const sources = [...new Set(items.map((i) => i.source))].sort();
const sourceFold = items.map((i) => sources.indexOf(i.source));
const groupedSplit = withExtras(sourceFold);
const grouped = await crossValidate(groupedSplit.items, groupedSplit.folds, {
  trainVariants,
  testConditions: conditions,
  canScore: (item, trainLabels) => trainLabels.has(item.label),
});
console.log(`leave-one-source-out (only images whose label has another source) | full: ${fmt(grouped)}`);
console.log('confusion (leave-one-source-out):', JSON.stringify(grouped.confusion));
