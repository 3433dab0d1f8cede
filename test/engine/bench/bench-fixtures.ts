/** Writes a tiny synthetic dataset (PNG files + manifest.tsv or labels.json) into a temp folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import { syntheticSet } from '../baselines/synthetic-generators.js';

export async function writePng(image: AnalysisImage, path: string): Promise<void> {
  const bytes = Buffer.from(Uint8Array.from(image.data, (v) => Math.max(0, Math.min(255, Math.round(v)))));
  await sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toFile(path);
}

/** real-generators layout: <label>/<file>.png + manifest.tsv; two sources per label. */
export async function writeRealStyleDataset(perClass: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-real-'));
  const rows = ['label\tfile\tsource_repo\tcommit\tpath_in_repo\torig_width\torig_height\tformat\tprocessing\tprovenance'];
  const items = syntheticSet(perClass, 7);
  for (const [i, item] of items.entries()) {
    mkdirSync(join(dir, item.label), { recursive: true });
    const file = `${item.label}/${i}.png`;
    await writePng(item.image, join(dir, file));
    rows.push([item.label, file, `owner/source${i % 2}`, 'c0ffee', file, '64', '64', 'PNG', 'original', 'synthetic'].join('\t'));
  }
  writeFileSync(join(dir, 'manifest.tsv'), `${rows.join('\n')}\n`);
  return dir;
}

/** zoo:render layout: one folder per group with labels.json { options: { group }, items }. */
export async function writeZooStyleDataset(photosA: number, photosB: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'bench-zoo-'));
  for (const [group, photos, seed] of [['A', photosA, 11], ['B', photosB, 90_000]] as const) {
    const dir = join(root, group);
    const items = syntheticSet(photos, seed);
    const records = [];
    for (const [i, item] of items.entries()) {
      mkdirSync(join(dir, item.label), { recursive: true });
      const file = `${item.label}/${i}.png`;
      await writePng(item.image, join(dir, file));
      records.push({ file, label: item.label, generator: item.label === 'real' ? null : item.label, photoId: `${group}-photo-${i % photos}` });
    }
    writeFileSync(join(dir, 'labels.json'), JSON.stringify({ schemaVersion: 1, options: { group }, items: records }));
  }
  return root;
}
