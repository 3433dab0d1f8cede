import { IntakeRejection } from './rejection.js';

// libvips (and so sharp) has no BMP loader in the prebuilt binaries, yet BMP is a format an
// analyst meets. This reads the uncompressed variants (1/4/8-bit palette, 16/24/32-bit, with
// or without bit-field masks) into raw RGB(A) for sharp; RLE and embedded JPEG/PNG are refused.

/** What the BMP header says, read before any pixel is decoded. */
export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  hasAlpha: boolean;
}

/** Decoded pixels, 8 bits per channel, top row first. */
export interface BmpPixels extends BmpHeader {
  channels: 3 | 4;
  data: Buffer;
}

interface Layout extends BmpHeader {
  topDown: boolean;
  pixelOffset: number;
  stride: number;
  palette: Buffer | null;
  paletteEntrySize: number;
  masks: [number, number, number, number] | null;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

/** Reads the header; `bytes` may be just the first few hundred bytes of the file. */
export function readBmpHeader(bytes: Buffer, displayName: string): BmpHeader {
  const { width, height, bitsPerPixel, hasAlpha } = parseLayout(bytes, displayName);
  return { width, height, bitsPerPixel, hasAlpha };
}

/** Decodes a whole BMP file; a file shorter than its rows is reported as truncated. */
export function decodeBmp(bytes: Buffer, displayName: string): BmpPixels {
  const layout = parseLayout(bytes, displayName);
  const { width, height, stride, pixelOffset } = layout;
  if (bytes.length < pixelOffset + stride * height) {
    throw new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" is a truncated BMP: its rows end before the pixel data does.`);
  }
  const channels = layout.hasAlpha ? 4 : 3;
  const data = Buffer.alloc(width * height * channels);
  const pixel = pixelReader(bytes, layout, displayName);
  for (let row = 0; row < height; row++) {
    const fileRow = layout.topDown ? row : height - 1 - row;
    const rowStart = pixelOffset + fileRow * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(rowStart, x);
      const o = (row * width + x) * channels;
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      if (channels === 4) data[o + 3] = a;
    }
  }
  return { width, height, bitsPerPixel: layout.bitsPerPixel, hasAlpha: layout.hasAlpha, channels, data };
}

function parseLayout(bytes: Buffer, displayName: string): Layout {
  try {
    return parseLayoutUnchecked(bytes, displayName);
  } catch (error) {
    // A header cut short makes Buffer reads throw RangeError: that is a corrupt file, not a bug.
    if (error instanceof RangeError) {
      throw new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" has an unreadable BMP header: it is cut short.`, { cause: error });
    }
    throw error;
  }
}

function parseLayoutUnchecked(bytes: Buffer, displayName: string): Layout {
  const corrupt = (why: string) => new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" has an unreadable BMP header: ${why}.`);
  if (bytes.length < 26 || bytes.toString('latin1', 0, 2) !== 'BM') throw corrupt('no BM signature');
  const pixelOffset = bytes.readUInt32LE(10);
  const dibSize = bytes.readUInt32LE(14);
  const core = dibSize === 12;
  if (!core && dibSize < 40) throw corrupt(`unknown header size ${dibSize}`);
  if (bytes.length < 14 + Math.min(dibSize, 56)) throw corrupt('the header is cut short');
  const width = core ? bytes.readUInt16LE(18) : bytes.readInt32LE(18);
  const rawHeight = core ? bytes.readUInt16LE(20) : bytes.readInt32LE(22);
  const bitsPerPixel = core ? bytes.readUInt16LE(24) : bytes.readUInt16LE(28);
  const compression = core ? BI_RGB : bytes.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height <= 0) throw corrupt(`impossible dimensions ${width}×${rawHeight}`);
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw corrupt(`${bitsPerPixel} bits per pixel`);
  if (![BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS].includes(compression)) {
    throw new IntakeRejection('UNSUPPORTED_FORMAT', `"${displayName}" is a compressed BMP (method ${compression}), which CausalPrint cannot decode.`);
  }

  let masks: Layout['masks'] = null;
  if (compression !== BI_RGB) {
    const at = 14 + 40; // masks follow a 40-byte header, and sit at the same place inside V4/V5 headers
    const alphaMask = compression === BI_ALPHABITFIELDS || dibSize >= 56 ? bytes.readUInt32LE(at + 12) : 0;
    masks = [bytes.readUInt32LE(at), bytes.readUInt32LE(at + 4), bytes.readUInt32LE(at + 8), alphaMask];
  } else if (bitsPerPixel === 16) {
    masks = [0x7c00, 0x03e0, 0x001f, 0];
  }

  let palette: Buffer | null = null;
  const paletteEntrySize = core ? 3 : 4;
  if (bitsPerPixel <= 8) {
    const used = core ? 0 : bytes.readUInt32LE(46);
    const entries = used > 0 && used <= 2 ** bitsPerPixel ? used : 2 ** bitsPerPixel;
    const start = 14 + dibSize + (compression === BI_BITFIELDS && dibSize === 40 ? 12 : 0);
    palette = bytes.subarray(start, start + entries * paletteEntrySize);
  }
  return {
    width,
    height,
    bitsPerPixel,
    hasAlpha: Boolean(masks && masks[3] !== 0),
    topDown: rawHeight < 0,
    pixelOffset,
    stride: Math.floor((bitsPerPixel * width + 31) / 32) * 4,
    palette,
    paletteEntrySize,
    masks,
  };
}

type Rgba = [number, number, number, number];

function pixelReader(bytes: Buffer, layout: Layout, displayName: string): (rowStart: number, x: number) => Rgba {
  const { bitsPerPixel, palette, paletteEntrySize, masks } = layout;
  if (palette) {
    const entries = palette.length / paletteEntrySize;
    return (rowStart, x) => {
      const bit = x * bitsPerPixel;
      const byte = bytes[rowStart + (bit >> 3)]!;
      const index = (byte >> (8 - bitsPerPixel - (bit & 7))) & ((1 << bitsPerPixel) - 1);
      if (index >= entries) throw new IntakeRejection('CORRUPT_IMAGE', `"${displayName}" uses a colour outside its BMP palette.`);
      const p = index * paletteEntrySize;
      return [palette[p + 2]!, palette[p + 1]!, palette[p]!, 255];
    };
  }
  if (masks) {
    const channels = masks.map(maskScaler);
    const bytesPer = bitsPerPixel / 8;
    return (rowStart, x) => {
      const at = rowStart + x * bytesPer;
      const value = bytesPer === 2 ? bytes.readUInt16LE(at) : bytesPer === 4 ? bytes.readUInt32LE(at) : bytes.readUIntLE(at, 3);
      return [channels[0]!(value), channels[1]!(value), channels[2]!(value), masks[3] ? channels[3]!(value) : 255];
    };
  }
  const bytesPer = bitsPerPixel / 8; // 24 or 32 (BGRX, the fourth byte is not alpha in BI_RGB)
  return (rowStart, x) => {
    const at = rowStart + x * bytesPer;
    return [bytes[at + 2]!, bytes[at + 1]!, bytes[at]!, 255];
  };
}

/** Extracts the bits of one mask and scales them to 0–255. */
function maskScaler(mask: number): (value: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (value) => Math.round((((value & mask) >>> shift) / max) * 255);
}
