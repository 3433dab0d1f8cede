import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../../../electron/engine/intake/inspect-image.js';
import { IntakeRejection } from '../../../electron/engine/intake/rejection.js';
import { gradient, jpegWithIptc } from '../../fixtures/intake-fixtures.js';
import { pngBombHeader } from '../../helpers/png-bytes.js';
import { makeTempDir } from '../../helpers/temp-home.js';

const { dir, cleanup } = makeTempDir('causalprint-inspect-');
afterAll(cleanup);

async function inspect(name: string, bytes: Buffer, maxPixels = 1_000_000) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return inspectImage(path, name, { maxPixels, thumbnailPath: `${path}.thumb.webp`, c2paMarker: false });
}
async function rejection(name: string, bytes: Buffer, maxPixels?: number): Promise<IntakeRejection> {
  try {
    await inspect(name, bytes, maxPixels);
  } catch (error) {
    if (error instanceof IntakeRejection) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

describe('inspectImage', () => {
  it('reads AVIF through sharp’s HEIF loader', async () => {
    const facts = await inspect('a.avif', await gradient(16, 12).avif({ effort: 0 }).toBuffer());
    expect(facts).toMatchObject({ format: 'avif', mimeType: 'image/avif', width: 16, height: 12 });
  });

  it('reports a HEIC this build cannot decode as UNSUPPORTED_FORMAT, not as a crash or as corrupt', async () => {
    // sharp's prebuilt libvips has no HEVC encoder either, so the HEIC is an AVIF relabelled: a
    // `heic` brand and an `hvc1` item that the AV1-only decoder must refuse.
    const heic = Buffer.from(await gradient(16, 16).avif({ effort: 0 }).toBuffer());
    heic.write('heic', heic.indexOf('avif'), 'latin1');
    for (let at = heic.indexOf('av01'); at !== -1; at = heic.indexOf('av01')) heic.write('hvc1', at, 'latin1');
    const error = await rejection('phone.heic', heic);
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.reason).toMatch(/"phone.heic" is a HEIC image this build cannot decode/);
    expect(error.reason).not.toMatch(/bad seek/);
    expect(error.reason).toMatch(/No 'hvcC' box/);
  });

  it('summarises XMP, and flags EXIF with its GPS block', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Generator 3000"/>' +
      '</rdf:RDF></x:xmpmeta>';
    const jpeg = await gradient(16, 16)
      .jpeg()
      .withExif({ IFD0: { Make: 'Maker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
      .withXmp(xmp)
      .toBuffer();
    const facts = await inspect('tagged.jpg', jpeg);
    expect(facts).toMatchObject({ hasXmp: true, hasExif: true, hasIptc: false });
    expect(facts.metadata.xmp['Creator tool']).toBe('Generator 3000');
    expect(facts.metadata.exif).toMatchObject({ Make: 'Maker', 'GPS present': 'yes' });
  });

  it('summarises IPTC', async () => {
    const facts = await inspect('press.jpg', jpegWithIptc(await gradient(16, 16).jpeg().toBuffer(), 'Ada Photographer', 'Test headline'));
    expect(facts.hasIptc).toBe(true);
    expect(facts.metadata.iptc).toEqual({ Byline: 'Ada Photographer', Headline: 'Test headline' });
  });

  it('checks the pixel count from the header before decoding anything', async () => {
    const started = performance.now();
    const error = await rejection('bomb.png', pngBombHeader(30_000, 30_000));
    expect(error.code).toBe('TOO_MANY_PIXELS');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('counts one frame of an animation against the limit, not the whole strip', async () => {
    const frames = await gradient(40, 40).gif().toBuffer();
    const facts = await inspect('still.gif', frames, 1_000_000);
    expect(facts).toMatchObject({ format: 'gif', width: 40, height: 40, pages: 1 });
  });

  it('rejects text, a truncated PNG and an unsupported image type with their own codes', async () => {
    expect((await rejection('readme.png', Buffer.from('# not a PNG\n'.repeat(10)))).code).toBe('NOT_AN_IMAGE');
    const png = await gradient(64, 64).png({ compressionLevel: 0 }).toBuffer();
    expect((await rejection('cut.png', png.subarray(0, png.length >> 1))).code).toBe('CORRUPT_IMAGE');
    const ico = Buffer.from('00000100010010100000010020006804000016000000', 'hex');
    const icoError = await rejection('icon.ico', Buffer.concat([ico, Buffer.alloc(1128)]));
    expect(icoError.code).toBe('UNSUPPORTED_FORMAT');
    const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const svgError = await rejection('logo.png', Buffer.from(svg));
    expect(svgError).toMatchObject({ code: 'UNSUPPORTED_FORMAT', reason: expect.stringMatching(/SVG vector drawing/) });
    expect((await rejection('bare.svg', Buffer.from(svg.slice(svg.indexOf('<svg'))))).code).toBe('UNSUPPORTED_FORMAT');
    expect((await rejection('feed.xml', Buffer.from('<?xml version="1.0"?><rss></rss>'))).code).toBe('NOT_AN_IMAGE');
  });
});
