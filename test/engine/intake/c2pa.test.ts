import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { C2paScanner, pngHasCaBX } from '../../../electron/engine/intake/c2pa.js';
import { inspectImage } from '../../../electron/engine/intake/inspect-image.js';
import { stageFile } from '../../../electron/engine/intake/stage-file.js';
import { c2paJumbf, gradient, jpegWithC2pa, pngWithC2pa } from '../../fixtures/intake-fixtures.js';
import { makeTempDir } from '../../helpers/temp-home.js';

const { dir, cleanup } = makeTempDir('causalprint-c2pa-');
afterAll(cleanup);

/** Stages and inspects a file the way the importer does. */
async function intake(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const staged = await stageFile(path, name, dir, 10_000_000);
  return inspectImage(staged.tempPath, name, { maxPixels: 1_000_000, thumbnailPath: `${staged.tempPath}.webp`, c2paMarker: staged.c2paMarker });
}

describe('C2PA presence', () => {
  it('finds a JUMBF c2pa box however the stream is chunked', () => {
    const bytes = Buffer.concat([Buffer.alloc(100, 7), c2paJumbf(), Buffer.alloc(100, 9)]);
    for (const size of [1, 3, 17, 64, bytes.length]) {
      const scanner = new C2paScanner();
      for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
      expect(scanner.found, `chunks of ${size}`).toBe(true);
    }
  });

  it('does not flag a jumb box with another label, or the word c2pa alone', () => {
    const scanner = new C2paScanner();
    scanner.push(Buffer.from('jumb....jumd' + 'x'.repeat(80) + ' c2pa in a caption, far from any jumb box'));
    expect(scanner.found).toBe(false);
  });

  it('flags a PNG carrying a caBX chunk, and says the manifest was not validated', async () => {
    const png = await gradient(16, 16).png().toBuffer();
    const facts = await intake('signed.png', pngWithC2pa(png));
    expect(facts.c2paPresent).toBe(true);
    expect(facts.metadata.container['C2PA manifest']).toBe('present (not validated)');
    const plain = await intake('plain.png', png);
    expect(plain.c2paPresent).toBe(false);
    expect(await pngHasCaBX(join(dir, 'signed.png'))).toBe(true);
    expect(await pngHasCaBX(join(dir, 'plain.png'))).toBe(false);
  });

  it('flags a JPEG carrying a JUMBF APP11 segment', async () => {
    const jpeg = await gradient(16, 16).jpeg().toBuffer();
    const facts = await intake('signed.jpg', jpegWithC2pa(jpeg));
    expect(facts).toMatchObject({ format: 'jpeg', c2paPresent: true, width: 16, height: 16 });
    expect((await intake('plain.jpg', jpeg)).c2paPresent).toBe(false);
  });
});
