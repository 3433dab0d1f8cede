import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';
import { pickSheetPhotos, renderContactSheet } from '../../../electron/engine/zoo/contact-sheet.js';
import { openZoo } from '../../../electron/engine/zoo/open-zoo.js';
import { listFolderPhotos } from '../../../electron/engine/zoo/photo-source.js';

describe('contact sheet', () => {
  it('has one row per generator plus the original and one column per photo', async () => {
    const zoo = await openZoo(resolveResourcePath('zoo'), { only: ['sr-esrgan-slim-x2', 'sr-esrgan-medium-x3'] });
    const photos = pickSheetPhotos(await listFolderPhotos(join(process.cwd(), 'build', 'demo-samples')), 2, (p) => p.id);
    const png = await renderContactSheet({ generators: zoo.generators, photos, cell: 48, title: 't', subtitle: 's' });
    await Promise.all(zoo.generators.map((g) => g.dispose()));
    const meta = await sharp(png).metadata();
    // label column 300 + 2 × (48 + 4 gap); header 72 + 3 rows × (48 + 4)
    expect([meta.width, meta.height]).toEqual([300 + 2 * 52, 72 + 3 * 52]);
  });

  it('picks one photo per source first, in the given order', () => {
    const p = (id: string) => ({ id, path: id, sha256: id, width: 300, height: 300, group: 'B' as const });
    const photos = [p('a/1'), p('a/2'), p('b/1'), p('c/1')];
    expect(pickSheetPhotos(photos, 3, (x) => x.id.split('/')[0] as string).map((x) => x.id)).toEqual(['a/1', 'b/1', 'c/1']);
    expect(pickSheetPhotos(photos, 4, (x) => x.id.split('/')[0] as string).map((x) => x.id)).toEqual(['a/1', 'b/1', 'c/1', 'a/2']);
  });
});
