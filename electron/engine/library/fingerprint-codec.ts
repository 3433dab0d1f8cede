import { CausalPrintError } from '../../contract/errors.js';
import type { StoredFingerprint } from './stored-fingerprint.js';

/**
 * Binary form of a fingerprint for the library's BLOB column:
 * `"CPFP"` magic, u8 format version, u32 LE header length, UTF-8 JSON header listing every vector
 * (space id, dimension, patch index or -1, patch box), then the float32 LE values in header order.
 * Float32 keeps the bytes identical across platforms, so a library export hashes the same everywhere.
 */
const MAGIC = 'CPFP';
const FORMAT_VERSION = 1;

interface VectorEntry {
  space: string;
  dim: number;
  /** Patch index, or -1 for the whole image. */
  patch: number;
  /** Processed copy the vector belongs to, absent for the image itself. */
  variant?: string;
}
interface Header {
  vectors: VectorEntry[];
  boxes: [number, number, number, number][];
}

export function encodeFingerprint(fp: StoredFingerprint): Buffer {
  const vectors: VectorEntry[] = [];
  const parts: Float32Array[] = [];
  const add = (patch: number, spaces: Record<string, Float32Array>, variant?: string): void => {
    for (const space of Object.keys(spaces).sort()) {
      const values = spaces[space]!;
      vectors.push({ space, dim: values.length, patch, ...(variant === undefined ? {} : { variant }) });
      parts.push(values);
    }
  };
  add(-1, fp.spaces);
  fp.perPatch.forEach((patch, index) => add(index, patch.spaces));
  for (const variant of Object.keys(fp.variants ?? {}).sort()) add(-1, fp.variants![variant]!, variant);
  const header = Buffer.from(JSON.stringify({ vectors, boxes: fp.perPatch.map((p) => p.box) } satisfies Header), 'utf8');
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = Buffer.alloc(4 + 1 + 4 + header.length + total * 4);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt8(FORMAT_VERSION, 4);
  out.writeUInt32LE(header.length, 5);
  header.copy(out, 9);
  let offset = 9 + header.length;
  for (const part of parts) {
    for (const value of part) {
      out.writeFloatLE(value, offset);
      offset += 4;
    }
  }
  return out;
}

export function decodeFingerprint(blob: Uint8Array): StoredFingerprint {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 9 || buf.toString('latin1', 0, 4) !== MAGIC) {
    throw new CausalPrintError('INTEGRITY', 'A stored fingerprint is not in the CausalPrint fingerprint format.');
  }
  const version = buf.readUInt8(4);
  if (version !== FORMAT_VERSION) {
    throw new CausalPrintError('UNSUPPORTED', `Stored fingerprint format ${version} is not supported (expected ${FORMAT_VERSION}).`);
  }
  const headerLength = buf.readUInt32LE(5);
  const header = JSON.parse(buf.toString('utf8', 9, 9 + headerLength)) as Header;
  let offset = 9 + headerLength;
  const expected = offset + header.vectors.reduce((n, v) => n + v.dim * 4, 0);
  if (expected !== buf.length) {
    throw new CausalPrintError('INTEGRITY', `A stored fingerprint is truncated or padded (${buf.length} bytes, expected ${expected}).`);
  }
  const fp: StoredFingerprint = { spaces: {}, perPatch: header.boxes.map((box) => ({ box, spaces: {} })) };
  for (const entry of header.vectors) {
    const values = new Float32Array(entry.dim);
    for (let i = 0; i < entry.dim; i++, offset += 4) values[i] = buf.readFloatLE(offset);
    const target =
      entry.variant !== undefined
        ? ((fp.variants ??= {})[entry.variant] ??= {})
        : entry.patch < 0
          ? fp.spaces
          : fp.perPatch[entry.patch]?.spaces;
    if (!target) throw new CausalPrintError('INTEGRITY', `A stored fingerprint names patch ${entry.patch}, which it does not have.`);
    target[entry.space] = values;
  }
  return fp;
}
