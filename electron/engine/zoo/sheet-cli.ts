/**
 * `npm run zoo:sheet [-- --cell 128 --columns 5 --out native-models/docs/contact-sheet.png --zoo DIR]`:
 * contact sheet of the generator zoo on corpus group B photos (rows = the original crop and
 * every zoo generator, columns = the same photos). Needs the extracted corpus (models:corpus).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { resolveResourcePath } from '../models/resource-path.js';
import { pickSheetPhotos, renderContactSheet } from './contact-sheet.js';
import { DEFAULT_SDEDIT, openZoo } from './open-zoo.js';
import { listCorpusPhotos } from './photo-source.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cell: { type: 'string', default: '128' }, columns: { type: 'string', default: '5' }, out: { type: 'string' }, zoo: { type: 'string' } },
    strict: true,
  });
  const cell = Number(values.cell);
  const columns = Number(values.columns);
  const out = values.out ?? resolveResourcePath('docs/contact-sheet.png');
  sharp.concurrency(1);
  const zoo = await openZoo(values.zoo ?? resolveResourcePath('zoo'), { packDir: resolveResourcePath('packs/causalprint-base-v1'), sdedit: DEFAULT_SDEDIT });
  for (const s of zoo.skipped) process.stderr.write(`zoo:sheet: skipping ${s.id}: ${s.reason}\n`);
  const groupB = await listCorpusPhotos(resolveResourcePath('corpus/manifest.json'), resolveResourcePath('.work/corpus'), 'B');
  const usable = groupB.filter((p) => Math.min(p.width, p.height) >= cell);
  const photos = pickSheetPhotos(usable, columns, (p) => p.id.split('/')[0] ?? p.id);
  const started = performance.now();
  const png = await renderContactSheet({
    generators: zoo.generators,
    photos,
    cell,
    title: `${zoo.zoo.manifest.id} ${zoo.zoo.manifest.version}`,
    subtitle: `${zoo.generators.length} generators (rows), group B photos\nreduced to ≤${2 * cell}px, ${cell}px crops 1:1`,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  await Promise.all(zoo.generators.map((g) => g.dispose()));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, png);
  process.stderr.write(`zoo:sheet: ${out} (${(png.length / 1e6).toFixed(2)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`zoo:sheet failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
