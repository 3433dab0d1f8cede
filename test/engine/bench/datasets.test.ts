import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusGroup, EXTRA_REAL_CROP, listExtraReal, listRealGenerators, listZooRenders } from '../../../electron/engine/bench/datasets.js';
import { writeRealStyleDataset, writeZooStyleDataset } from './bench-fixtures.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('benchmark datasets', () => {
  it('lists the real-generators manifest with labels, sources and formats', async () => {
    const dir = await writeRealStyleDataset(2);
    made.push(dir);
    const listing = listRealGenerators(dir);
    expect(listing.entries).toHaveLength(8);
    expect(listing.entries[0]).toMatchObject({ label: 'checker', source: 'owner/source0', format: 'PNG' });
  });

  it('merges the A and B zoo folders with their groups and photo ids', async () => {
    const root = await writeZooStyleDataset(2, 1);
    made.push(root);
    const listing = listZooRenders(root);
    expect(listing.entries.filter((e) => e.group === 'A')).toHaveLength(8);
    expect(listing.entries.filter((e) => e.group === 'B')).toHaveLength(4);
    expect(listing.entries[0]!.contentId).toBe('A-photo-0');
  });

  it('applies the corpus group rule to a photo hash', () => {
    expect(corpusGroup('00000000ab')).toBe('A'); // 0 % 10 = 0
    expect(corpusGroup('00000009ff')).toBe('B'); // 9 % 10 = 9
  });

  it('refuses a folder without a manifest', () => {
    expect(() => listZooRenders('/nonexistent-folder')).toThrow(/labels.json/);
  });

  it('lists the corpus photos of both groups as train-only real references, leaving out absent files', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
    made.push(root);
    mkdirSync(join(root, 'corpus', 'pkg-a'), { recursive: true });
    for (const f of ['pkg-a/one.jpg', 'pkg-a/two.png']) writeFileSync(join(root, 'corpus', f), 'x');
    const manifest = join(root, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ photos: [
      { file: 'pkg-a/one.jpg', sourcePackage: 'pkg-a', group: 'A' },
      { file: 'pkg-a/two.png', sourcePackage: 'pkg-a', group: 'B' },
      { file: 'pkg-b/gone.png', sourcePackage: 'pkg-b', group: 'A' },
    ] }));
    const entries = listExtraReal('corpus', { manifest, dir: join(root, 'corpus') });
    expect(entries.map((e) => [e.id, e.label, e.source, e.trainOnly, e.crop, e.group])).toEqual([
      ['extra-real:pkg-a/one.jpg', 'real', 'corpus:pkg-a', true, EXTRA_REAL_CROP, 'A'],
      ['extra-real:pkg-a/two.png', 'real', 'corpus:pkg-a', true, EXTRA_REAL_CROP, 'B'],
    ]);
    expect(listExtraReal('corpus', { manifest, dir: join(root, 'corpus') }, { groups: ['A'], crop: 256 }).map((e) => [e.id, e.group, e.crop]))
      .toEqual([['extra-real:pkg-a/one.jpg', 'A', 256]]);
    expect(() => listExtraReal('corpus', { manifest, dir: join(root, 'missing') })).toThrow(/models:corpus/);
    expect(() => listExtraReal(join(root, 'nope'), { manifest, dir: root })).toThrow(/not a folder/);
  });
});
