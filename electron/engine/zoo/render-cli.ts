/**
 * `npm run zoo:render -- --group B --out DIR --per-generator N --size 256 [--include-real]
 *   [--same-crops] [--generators id,id] [--photos DIR] [--zoo DIR] [--pack DIR] [--sdedit default|off|T:STEPS,…]`
 * Renders corpus photos (native-models/corpus/manifest.json + native-models/.work/corpus/) or
 * any folder of photos (--photos) with the zoo generators; PNGs + labels.json into --out.
 * Progress and timings on stderr. One thread (onnxruntime 1+1, sharp concurrency 1).
 */
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { resolveResourcePath } from '../models/resource-path.js';
import { DEFAULT_SDEDIT, openZoo } from './open-zoo.js';
import type { SdeditSettings } from './sdedit-generator.js';
import { listCorpusPhotos, listFolderPhotos, type PhotoRef } from './photo-source.js';
import { renderDataset } from './render-dataset.js';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** `default`, `off`, or `T:STEPS[,T:STEPS…]` (diffusion generators over the pack's reconstructor). */
export function parseSdedit(value: string | undefined): readonly SdeditSettings[] {
  if (value === undefined || value === 'default') return DEFAULT_SDEDIT;
  if (value === 'off') return [];
  return value.split(',').map((pair) => {
    const [tStart, steps] = pair.split(':').map(Number);
    if (!Number.isInteger(tStart) || !Number.isInteger(steps)) throw new Error(`--sdedit wants T:STEPS pairs, got ${pair}`);
    return { tStart: tStart as number, steps: steps as number };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      group: { type: 'string', default: 'B' },
      out: { type: 'string' },
      'per-generator': { type: 'string' },
      size: { type: 'string' },
      'include-real': { type: 'boolean', default: false },
      'same-crops': { type: 'boolean', default: false },
      generators: { type: 'string' },
      photos: { type: 'string' },
      zoo: { type: 'string' },
      pack: { type: 'string' },
      sdedit: { type: 'string', default: 'default' },
    },
    strict: true,
  });
  if (!values.out) throw new Error('--out DIR is required');
  const group = values.group === 'all' ? undefined : values.group;
  if (group !== undefined && group !== 'A' && group !== 'B') throw new Error(`--group must be A, B or all, got ${values.group}`);
  const size = positiveInt(values.size, 'size', 256);
  const perGenerator = positiveInt(values['per-generator'], 'per-generator', 10);
  sharp.concurrency(1);

  const only = values.generators?.split(',').filter(Boolean);
  const zoo = await openZoo(values.zoo ?? resolveResourcePath('zoo'), {
    ...(only ? { only } : {}),
    packDir: values.pack ?? resolveResourcePath('packs/causalprint-base-v1'),
    sdedit: parseSdedit(values.sdedit),
  });
  for (const s of zoo.skipped) process.stderr.write(`zoo:render: skipping ${s.id}: ${s.reason}\n`);
  let photos: PhotoRef[];
  let source: Record<string, unknown>;
  if (values.photos) {
    photos = await listFolderPhotos(values.photos, group);
    source = { photos: 'folder', group: group ?? 'all', groupRule: 'int(sha256[:8], 16) % 10 < 7 ? A : B' };
  } else {
    photos = await listCorpusPhotos(resolveResourcePath('corpus/manifest.json'), resolveResourcePath('.work/corpus'), group);
    source = { photos: 'corpus', corpusManifest: 'native-models/corpus/manifest.json', group: group ?? 'all' };
  }
  process.stderr.write(`zoo:render: ${zoo.generators.length} generators × ${perGenerator} crops of ${size}² from ${photos.length} photos -> ${values.out}\n`);

  const started = performance.now();
  const result = await renderDataset({
    zoo,
    photos,
    outDir: values.out,
    perGenerator,
    size,
    includeReal: values['include-real'],
    sameCrops: values['same-crops'],
    source,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
  for (const [id, times] of Object.entries(result.renderMs)) {
    const cpu = result.renderCpuMs[id] ?? [];
    process.stderr.write(`  ${id}: ${times.length} renders, median ${median(times).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU per ${size}² render\n`);
  }
  await Promise.all(zoo.generators.map((g) => g.dispose()));
  process.stderr.write(`zoo:render: ${result.items.length} PNGs + labels.json in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`zoo:render failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
