import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusGroup, listRealGenerators, listZooRenders } from '../../../electron/engine/bench/datasets.js';
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
});
