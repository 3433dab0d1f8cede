/**
 * Fit-side experiments on the zoo (enrol corpus group A renders, test group B renders = unseen
 * photos), the benchmark's primary zoo protocol, without the benchmark around it: fingerprints are
 * computed once (or read from a benchmark --fingerprint-cache folder, same pixel keys) and kept as
 * image-level vectors in a JSON cache, so each library-model configuration refits in seconds.
 * Reports closed-set accuracy on group B as delivered and after the benchmark's perturbations, and
 * content leakage measured exactly like the benchmark (linear probe predicting the photo from the
 * embedded fingerprint F, leave-one-generator-out over group B).
 *
 *   npx tsx electron/engine/analysis/run-zoo-fit.ts --data DIR_A,DIR_B [--cache FILE] [--bench-cache DIR]
 *     [--extra-real corpus|DIR] [--configs JSON]   JSON: [{ "name": "...", "variants": [...], "model": { ...LibraryModelOptions } }, …]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deserialize } from 'node:v8';
import sharp from 'sharp';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { CORPUS_LOCATION, decodeEntry, listExtraReal, listZooRenders, ZOO_EXTRA_REAL } from '../bench/datasets.js';
import { pixelKey } from '../bench/fingerprint-memo.js';
import { PERTURBATIONS } from '../bench/perturbations.js';
import { contentLeakageOf, scoreVector } from '../bench/protocols.js';
import { openFingerprintEngine, type SpaceId } from '../fingerprint/engine.js';
import type { FingerprintVectors, LibraryReference } from '../fingerprint/fingerprint-types.js';
import { attribute, embedFingerprint, fitLibraryModel, type LibraryModelOptions } from '../fingerprint/library-model.js';
import { DEFAULT_VARIANTS, processedCopy } from '../fingerprint/processing-variants.js';
import { loadCache, saveCache, toVectors } from './fingerprint-cache.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const dataDirs = arg('data', '');
if (dataDirs === '') throw new Error('--data A_DIR,B_DIR is required (zoo:render outputs for corpus groups A and B)');
const spaces = arg('spaces', 'cooccurrence,fourier,sl-residual').split(',') as SpaceId[];
const cachePath = arg('cache', resolve('test-output', 'zoo-fit-vectors.json'));
const benchCache = arg('bench-cache', '');
sharp.concurrency(1);

const listing = listZooRenders(dataDirs.split(',').map((d) => resolve(d)).join(','));
// --extra-real corpus|DIR: real-camera references enrolled with the group A renders, as the benchmark's flag does for the zoo.
const extraRealSpec = arg('extra-real', '');
if (extraRealSpec !== '') {
  const extras = listExtraReal(extraRealSpec, CORPUS_LOCATION, ZOO_EXTRA_REAL);
  listing.entries.push(...extras.map((e) => ({ ...e, group: 'A' })));
  console.error(`extra real-camera references enrolled: ${extras.length}`);
}
const testConditions = ['clean', ...PERTURBATIONS.map((p) => p.id)];
const cache = loadCache(cachePath);

const benchDirs = benchCache === '' ? [] : findLeafDirs(resolve(benchCache));
function findLeafDirs(root: string): string[] {
  const entries = readdirSync(root, { withFileTypes: true });
  const subdirs = entries.filter((e) => e.isDirectory()).map((e) => join(root, e.name));
  return subdirs.length === 0 ? [root] : subdirs.flatMap(findLeafDirs);
}

const opened: { engine?: Awaited<ReturnType<typeof openFingerprintEngine>> } = {};
let computed = 0;
let reused = 0;
async function vectorsOf(image: AnalysisImage): Promise<Record<string, number[]>> {
  const key = pixelKey(image, {});
  for (const dir of benchDirs) {
    const file = join(dir, `${key}.v8`);
    if (!existsSync(file)) continue;
    const fp = deserialize(readFileSync(file)) as FingerprintVectors;
    if (spaces.every((s) => fp.spaces[s])) {
      reused++;
      return Object.fromEntries(spaces.map((s) => [s, Array.from(fp.spaces[s]!)]));
    }
  }
  opened.engine ??= await openFingerprintEngine({ packDir: resolve('native-models/packs/causalprint-base-v1'), spaces, residual: 'denoiser' });
  const fp = await opened.engine.fingerprint(image);
  computed++;
  return Object.fromEntries(spaces.map((s) => [s, Array.from(fp.spaces[s]!)]));
}

// Item order and perturbation seeds as in the benchmark (seed 1000 + index among decoded items).
for (const [i, entry] of listing.entries.entries()) {
  const conditions = entry.group === 'A' ? ['clean', ...DEFAULT_VARIANTS] : testConditions;
  if (conditions.every((c) => spaces.every((s) => cache[`${entry.id}|${c}`]?.[s]))) continue;
  const image = await decodeEntry(entry);
  for (const condition of conditions) {
    const key = `${entry.id}|${condition}`;
    if (spaces.every((s) => cache[key]?.[s])) continue;
    let version: AnalysisImage | null = image;
    if (condition !== 'clean') {
      const perturbation = PERTURBATIONS.find((p) => p.id === condition);
      version = perturbation ? await perturbation.apply(image, 1000 + i) : await processedCopy(image, condition as (typeof DEFAULT_VARIANTS)[number]);
    }
    if (version) cache[key] = { ...(cache[key] ?? {}), ...(await vectorsOf(version)) };
  }
  if ((i + 1) % 50 === 0) {
    saveCache(cachePath, cache);
    console.error(`fingerprinted ${i + 1}/${listing.entries.length} (computed ${computed}, reused ${reused})`);
  }
}
if (computed + reused > 0) saveCache(cachePath, cache);
await opened.engine?.dispose();

const pick = (entry: Record<string, number[]> | undefined): FingerprintVectors | undefined =>
  entry && spaces.every((s) => entry[s]) ? toVectors(Object.fromEntries(spaces.map((s) => [s, entry[s]!]))) : undefined;
const trainItems = listing.entries.filter((e) => e.group === 'A');
const testItems = listing.entries.filter((e) => e.group === 'B');

interface Config {
  name: string;
  variants?: string[];
  model?: LibraryModelOptions;
}
const configs: Config[] = JSON.parse(arg('configs', '[{"name":"default"}]')) as Config[];

for (const config of configs) {
  const t0 = performance.now();
  const variants = config.variants ?? DEFAULT_VARIANTS;
  const refs: LibraryReference[] = [];
  for (const it of trainItems) {
    const base = { generatorId: it.label, imageId: it.id, ...(it.contentId !== undefined ? { contentId: it.contentId } : {}) };
    refs.push({ ...base, fingerprint: pick(cache[`${it.id}|clean`])! });
    for (const v of variants) {
      const fp = pick(cache[`${it.id}|${v}`]);
      if (fp) refs.push({ ...base, processing: v, fingerprint: fp });
    }
  }
  const model = await fitLibraryModel(refs, config.model);
  const correct: Record<string, number> = Object.fromEntries(testConditions.map((c) => [c, 0]));
  const confusions: Record<string, number> = {};
  for (const it of testItems) {
    for (const c of testConditions) {
      const top = attribute(model, pick(cache[`${it.id}|${c}`])!).ranked[0]!.generatorId;
      if (top === it.label) correct[c]!++;
      else if (c === 'clean') confusions[`${it.label}->${top}`] = (confusions[`${it.label}->${top}`] ?? 0) + 1;
    }
  }
  const leakage = contentLeakageOf(testItems.map((it) => ({ label: it.label, contentId: it.contentId!, embedding: embedFingerprint(model, pick(cache[`${it.id}|clean`])!.spaces) })));
  // The same probe on what the attribution outputs: log of every generator's calibrated probability, as the benchmark does.
  const probabilities = (fp: FingerprintVectors) => Object.fromEntries(attribute(model, fp).ranked.map((r) => [r.generatorId, r.probability]));
  const decisionLeakage = contentLeakageOf(testItems.map((it) => ({ label: it.label, contentId: it.contentId!, embedding: scoreVector(probabilities(pick(cache[`${it.id}|clean`])!)) })));
  const acc = testConditions.map((c) => `${c}=${(correct[c]! / testItems.length).toFixed(3)}`).join(' ');
  const removed = model.spaces.map((s) => `${s.spaceId}:${s.decoupling.removed}`).join(',');
  console.log(`${config.name} | ${acc} | leakage ${leakage ? `${leakage.accuracy.toFixed(3)} (chance ${leakage.chance.toFixed(3)})` : '—'} | leakage of the scores ${decisionLeakage ? decisionLeakage.accuracy.toFixed(3) : '—'} | removed ${removed} | ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (process.argv.includes('--errors')) console.log('  errors (clean):', JSON.stringify(confusions));
  if (model.blend) console.log('  blend:', JSON.stringify(model.blend));
}
