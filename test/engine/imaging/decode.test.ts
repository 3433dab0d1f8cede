import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeForAnalysis } from '../../../electron/engine/imaging/decode.js';
import { ImageDecodeError } from '../../../electron/engine/imaging/decode-error.js';

const W = 72;
const H = 66;
function pattern(): Buffer {
  const px = Buffer.alloc(W * H * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 37 + (i >> 5)) % 256;
  return px;
}
const raw = { raw: { width: W, height: H, channels: 3 as const } };

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ImageDecodeError);
    return (error as ImageDecodeError).reason;
  }
  return 'no error';
}

describe('decodeForAnalysis', () => {
  it('returns the stored 8-bit RGB values exactly, HWC, as floats', async () => {
    const px = pattern();
    const img = await decodeForAnalysis(await sharp(px, raw).png().toBuffer(), { maxPixels: 1e6 });
    expect([img.width, img.height, img.channels, img.bitDepth]).toEqual([W, H, 3, 8]);
    expect(Array.from(img.data)).toEqual(Array.from(px));
  });

  it('keeps 16-bit precision on the 0..255 scale', async () => {
    const values = new Uint16Array(W * H * 3);
    for (let i = 0; i < values.length; i++) values[i] = (i * 7919) % 65536;
    const png = await sharp(values, { raw: { width: W, height: H, channels: 3 } }).toColourspace('rgb16').png().toBuffer();
    const img = await decodeForAnalysis(png, { maxPixels: 1e6 });
    expect(img.bitDepth).toBe(16);
    for (let i = 0; i < 200; i++) expect(img.data[i]).toBeCloseTo((values[i]! * 255) / 65535, 3);
    // Values between 8-bit steps survive (not rounded to integers).
    expect(Array.from(img.data.slice(0, 200)).some((v) => Math.abs(v - Math.round(v)) > 0.05)).toBe(true);
  });

  it('expands greyscale to three equal channels and drops alpha', async () => {
    const grey = await sharp(pattern(), raw).grayscale().png().toBuffer();
    const g = await decodeForAnalysis(grey, { maxPixels: 1e6 });
    for (let i = 0; i < 50; i++) expect(new Set([g.data[3 * i], g.data[3 * i + 1], g.data[3 * i + 2]]).size).toBe(1);
    const rgba = await sharp(pattern(), raw).ensureAlpha(0.5).png().toBuffer();
    const a = await decodeForAnalysis(rgba, { maxPixels: 1e6 });
    expect(a.data.length).toBe(W * H * 3);
    expect(Array.from(a.data)).toEqual(Array.from(pattern()));
  });

  it('does not apply an embedded ICC profile (stored values, with a note)', async () => {
    const png = await sharp(pattern(), raw).withIccProfile('p3').png().toBuffer();
    const stored = await sharp(png).keepIccProfile().raw().toBuffer();
    const colourManaged = await sharp(png).raw().toBuffer();
    expect(Buffer.compare(stored, colourManaged)).not.toBe(0); // the profile really changes the values
    const img = await decodeForAnalysis(png, { maxPixels: 1e6 });
    expect(Array.from(img.data)).toEqual(Array.from(stored));
    expect(img.notes.join(' ')).toMatch(/ICC profile not applied/);
  });

  it('converts CMYK to RGB and says so', async () => {
    const jpeg = await sharp(pattern(), raw).toColourspace('cmyk').jpeg().toBuffer();
    const img = await decodeForAnalysis(jpeg, { maxPixels: 1e6 });
    expect(img.channels).toBe(3);
    expect(img.notes.join(' ')).toMatch(/CMYK/);
  });

  it('takes the first frame of an animated image and says so', async () => {
    const frames = Buffer.concat([Buffer.alloc(W * H * 4, 200), Buffer.alloc(W * H * 4, 20)]);
    // Two frames stacked vertically; pageHeight makes sharp write them as an animation.
    const animated = await sharp(frames, { raw: { width: W, height: H * 2, channels: 4, pageHeight: H } as never }).gif().toBuffer();
    const meta = await sharp(animated).metadata();
    expect(meta.pages).toBe(2);
    const img = await decodeForAnalysis(animated, { maxPixels: 1e6 });
    expect(img.height).toBe(H);
    expect(img.notes.join(' ')).toMatch(/first frame/);
    expect(img.data[0]).toBeGreaterThan(150);
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(await reason(decodeForAnalysis(png, { maxPixels: 100_000 }))).toBe('TOO_LARGE');
  });

  it('refuses an image smaller than one patch', async () => {
    const png = await sharp({ create: { width: 63, height: 200, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(await reason(decodeForAnalysis(png, { maxPixels: 1e6 }))).toBe('TOO_SMALL');
  });

  it('refuses bytes that are not an image', async () => {
    expect(await reason(decodeForAnalysis(Buffer.from('definitely not an image'), { maxPixels: 1e6 }))).toBe('NOT_AN_IMAGE');
  });

  it('ignores EXIF orientation (stored grid) and notes it', async () => {
    const jpeg = await sharp(pattern(), raw).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const img = await decodeForAnalysis(jpeg, { maxPixels: 1e6 });
    expect([img.width, img.height]).toEqual([W, H]);
    expect(img.notes.join(' ')).toMatch(/orientation 6 ignored/);
  });
});
