import { open } from 'node:fs/promises';

// C2PA detection here is PRESENCE detection only: it says a JUMBF box labelled "c2pa" (a
// Content Credentials manifest store) is embedded. It does not parse or validate the manifest,
// its signatures or its bindings to the pixels; a present manifest may be forged or stale.

const JUMB = Buffer.from('jumb');
const C2PA = Buffer.from('c2pa');
/** The `jumd` description box (size, type, 16-byte UUID, toggles) puts the label within this many bytes. */
const LABEL_WINDOW = 64;

/**
 * Streaming scanner for a JUMBF superbox whose description label is `c2pa`, wherever it sits
 * (JPEG APP11 segments, PNG `caBX` chunks, ISO-BMFF `uuid`/`c2pa` boxes all carry one).
 * Fed the same chunks as the hash, so it costs no extra read.
 */
export class C2paScanner {
  private tail: Buffer = Buffer.alloc(0);
  found = false;

  push(chunk: Buffer): void {
    if (this.found) return;
    const data = this.tail.length > 0 ? Buffer.concat([this.tail, chunk]) : chunk;
    let at = data.indexOf(JUMB);
    while (at !== -1) {
      const window = data.subarray(at + 4, at + 4 + LABEL_WINDOW);
      if (window.indexOf(C2PA) !== -1) {
        this.found = true;
        return;
      }
      if (window.length < LABEL_WINDOW) break; // label may be in the next chunk; keep the tail
      at = data.indexOf(JUMB, at + 1);
    }
    this.tail = Buffer.from(data.subarray(Math.max(0, data.length - (LABEL_WINDOW + 4))));
  }
}

/** Walks PNG chunk headers (not their data) looking for a `caBX` chunk, the PNG home of C2PA. */
export async function pngHasCaBX(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(8);
    let offset = 8; // PNG signature
    while (offset + 8 <= size) {
      await file.read(header, 0, 8, offset);
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (type === 'caBX') return true;
      if (type === 'IEND') return false;
      offset += 12 + length;
    }
    return false;
  } finally {
    await file.close();
  }
}
