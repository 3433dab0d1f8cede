/**
 * `npm run bench:attribution -- [--data zoo=DIR[,DIR]] [--data real=DIR] [--methods a,b] [--protocols p,q] [--open-set-labels a,b] [--residual auto|denoiser|reconstructor] [--fingerprint-cache DIR] [--extra-real corpus|DIR] [--quick] [--out DIR] [--pack DIR]`
 * or `npm run bench:attribution -- --merge run1.json --merge run2.json` to combine runs made in separate processes.
 * Runs every method on every dataset found, prints markdown tables and writes JSON + markdown.
 * One thread: onnxruntime sessions use 1 intra-op thread, sharp concurrency is set to 1.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { fingerprintCacheKey } from './fingerprint-cache-key.js';
import { CORPUS_LOCATION, listExtraReal, listRealGenerators, listZooRenders, ZOO_EXTRA_REAL, type DatasetEntry, type DatasetListing } from './datasets.js';
import { buildMethods, type ResidualChoice } from './method-registry.js';
import { mergeRunFiles } from './merge-results.js';
import { renderDataset } from './report.js';
import { PROTOCOLS, runBenchmark, type DatasetResult, type Protocol } from './run-benchmark.js';

const DEFAULT_REAL = resolve('..', 'shared', 'data', 'real-generators');
const DEFAULT_ZOO = resolve('test-output', 'zoo');
const DEFAULT_PACK = resolve('native-models', 'packs', 'causalprint-base-v1');

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function datasetsFrom(values: readonly string[]): { kind: 'real' | 'zoo'; dir: string }[] {
  const specs = values.length ? values : [`zoo=${DEFAULT_ZOO}`, `real=${DEFAULT_REAL}`];
  return specs.map((spec) => {
    const [kind, dir] = spec.includes('=') ? [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)] : ['real', spec];
    if (kind !== 'real' && kind !== 'zoo') throw new Error(`--data ${spec}: kind must be real= or zoo=`);
    return { kind, dir: dir!.split(',').map((d) => resolve(d)).join(',') };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', multiple: true, default: [] },
      methods: { type: 'string', default: '' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'test-output/bench' },
      pack: { type: 'string', default: DEFAULT_PACK },
      protocols: { type: 'string', default: '' },
      merge: { type: 'string', multiple: true, default: [] },
      residual: { type: 'string' },
      'fingerprint-cache': { type: 'string' },
      'open-set-labels': { type: 'string', default: '' },
      'extra-real': { type: 'string' },
    },
  });
  sharp.concurrency(1);
  const residual = values.residual;
  if (residual !== undefined && residual !== 'auto' && residual !== 'denoiser' && residual !== 'reconstructor') {
    throw new Error(`--residual ${residual}: use auto, denoiser or reconstructor`);
  }
  const wanted = values.methods.split(',').map((s) => s.trim()).filter(Boolean);
  if (values.merge.length > 0) {
    const merged = mergeRunFiles(values.merge);
    merged.notes.forEach((n) => log(n));
    writeOutputs(values.out, 'attribution-merged', merged.notes, merged.results, false);
    return;
  }
  const protocols = values.protocols.split(',').map((s) => s.trim()).filter(Boolean);
  const badProtocol = protocols.find((p) => !(PROTOCOLS as readonly string[]).includes(p));
  if (badProtocol) throw new Error(`--protocols ${badProtocol}: known protocols are ${PROTOCOLS.join(', ')}`);
  const openSetLabels = values['open-set-labels'].split(',').map((s) => s.trim()).filter(Boolean);
  const cache = values['fingerprint-cache'] ? join(resolve(values['fingerprint-cache']), fingerprintCacheKey(resolve('.'), resolve(values.pack)).key) : undefined;
  const registry = await buildMethods(wanted, values.pack, residual as ResidualChoice | undefined, cache);
  if (cache) registry.notes.push(`fingerprints persisted in ${cache} (keyed by the fingerprint engine's import closure, the pack's JSON and ONNX files, spaces, residual and pixels; fit code is not in the key)`);
  if (openSetLabels.length) registry.notes.push(`open set: only ${openSetLabels.join(', ')} take a turn as the unknown (mean over those labels)`);
  if (residual) registry.notes.push(`causal variants use --residual ${residual} unless they fix their own`);
  registry.notes.forEach((n) => log(n));
  log(`methods: ${registry.methods.map((m) => m.id).join(', ')}; ${cpus().length} cores, load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);

  // Real-camera references from other sources than the test images', enrolled in every training side:
  // for the real set every corpus photo (512² windows, like its camera crops), for the zoo ZOO_EXTRA_REAL.
  // The report lists them by source (DatasetResult.trainOnlySources).
  const extraRealFor = (kind: 'real' | 'zoo'): DatasetEntry[] => {
    const spec = values['extra-real'];
    if (!spec) return [];
    const entries = listExtraReal(spec, CORPUS_LOCATION, kind === 'zoo' ? ZOO_EXTRA_REAL : {});
    const note = `${kind} dataset: ${entries.length} extra real-camera references from ${spec} (aligned central ≤${entries[0]!.crop}² windows) join every training side, never tested`;
    registry.notes.push(note);
    log(note);
    return entries;
  };

  const results: DatasetResult[] = [];
  const skipped: string[] = [];
  const partialPath = join(resolve(values.out), `attribution-partial-${process.pid}.json`);
  mkdirSync(resolve(values.out), { recursive: true });
  const writePartial = (partial: DatasetResult): void =>
    writeFileSync(partialPath, JSON.stringify({ notes: ['partial: run still in progress or interrupted'], argv: process.argv.slice(2), results: [...results, partial] }, null, 2));
  for (const { kind, dir } of datasetsFrom(values.data)) {
    let listing: DatasetListing;
    try {
      const missing = dir.split(',').find((d) => !existsSync(d));
      if (missing) throw new Error(`${missing} does not exist`);
      listing = kind === 'real' ? listRealGenerators(dir) : listZooRenders(dir);
      listing.entries.push(...extraRealFor(kind));
    } catch (error) {
      const message = `${kind} dataset skipped: ${error instanceof Error ? error.message : String(error)}`;
      skipped.push(message);
      log(message);
      continue;
    }
    log(`${kind}: ${listing.entries.length} images listed in ${dir}`);
    results.push(await runBenchmark(listing, registry.methods, { quick: values.quick, log, protocols: protocols as Protocol[], openSetLabels, timing: registry.timing, onProgress: writePartial }));
  }
  await registry.dispose();
  rmSync(partialPath, { force: true });
  writeOutputs(values.out, `attribution-${values.quick ? 'quick-' : ''}`, [...registry.notes, ...skipped], results, values.quick);
}

function writeOutputs(out: string, prefix: string, notes: readonly string[], results: readonly DatasetResult[], quick: boolean): void {
  const markdown = [
    `## Attribution benchmark ${new Date().toISOString()}${quick ? ' (quick)' : ''}`,
    `Command: npm run bench:attribution -- ${process.argv.slice(2).join(' ')}`,
    ...notes.map((n) => `Note: ${n}`),
    '',
    ...results.map(renderDataset),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  const outDir = resolve(out);
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${prefix}${prefix.endsWith('-') ? '' : '-'}${stamp}`;
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ notes, argv: process.argv.slice(2), results }, null, 2));
  writeFileSync(join(outDir, `${name}.md`), `${markdown}\n`);
  log(`wrote ${join(outDir, name)}.json and .md`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:attribution failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
