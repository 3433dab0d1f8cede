import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { StoredFingerprint } from '../../../electron/engine/library/stored-fingerprint.js';
import type { EnrolledFingerprint, FileFingerprint, FittedLibrary, LibraryAttribution, LibraryEngine } from '../../../electron/engine/library/library-engine.js';

interface FakeModel {
  centroids: Record<string, number[]>;
  radius: number;
}

/**
 * A deterministic stand-in for the fingerprint engine: the "fingerprint" of an image is its mean
 * RGB (one space) and the mean RGB of its four quadrants (patches); attribution is nearest
 * centroid, "unknown" beyond a fixed radius. Enough to exercise the library's bookkeeping.
 */
export class FakeLibraryEngine implements LibraryEngine {
  readonly packId = 'fake-pack';
  /** @param packVersion the fingerprint version (another one stands for an engine whose fingerprints differ). */
  constructor(readonly packVersion = '0.0.1') {}
  readonly fitVersion = 'nearest-centroid-1';
  calls = 0;
  /** Notes the fake "engine" reports for a file it reads (as the real one does for EXIF orientation, skipped patches, …). */
  notesFor: ((path: string) => string[]) | null = null;

  async fingerprintFile(path: string): Promise<FileFingerprint> {
    this.calls++;
    const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const meanOf = (x0: number, y0: number, x1: number, y1: number): Float32Array => {
      const sum = [0, 0, 0];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum[c]! += data[(y * info.width + x) * info.channels + c]!;
      const n = (x1 - x0) * (y1 - y0);
      return Float32Array.from(sum.map((s) => s / n));
    };
    const w = info.width;
    const h = info.height;
    const hw = Math.floor(w / 2);
    const hh = Math.floor(h / 2);
    const boxes: [number, number, number, number][] = [
      [0, 0, hw, hh],
      [hw, 0, w - hw, hh],
      [0, hh, hw, h - hh],
      [hw, hh, w - hw, h - hh],
    ];
    return {
      spaces: { rgb: meanOf(0, 0, w, h) },
      perPatch: boxes.map((b) => ({ box: b, spaces: { rgb: meanOf(b[0], b[1], b[0] + b[2], b[1] + b[3]) } })),
      ...(this.notesFor ? { notes: this.notesFor(path) } : {}),
    };
  }

  async fit(refs: readonly EnrolledFingerprint[]): Promise<FittedLibrary> {
    const sums: Record<string, { v: number[]; n: number }> = {};
    for (const r of refs) {
      const s = (sums[r.generatorKey] ??= { v: [0, 0, 0], n: 0 });
      r.fingerprint.spaces.rgb!.forEach((x, i) => (s.v[i]! += x));
      s.n++;
    }
    const centroids = Object.fromEntries(Object.entries(sums).sort().map(([k, s]) => [k, s.v.map((x) => x / s.n)]));
    const model: FakeModel = { centroids, radius: 60 };
    return { model, hash: createHash('sha256').update(JSON.stringify(model)).digest('hex') };
  }

  attribute(model: unknown, fp: StoredFingerprint): LibraryAttribution {
    const m = model as FakeModel;
    const v = fp.spaces.rgb!;
    const ranked = Object.entries(m.centroids)
      .map(([generatorKey, c]) => ({ generatorKey, score: -Math.hypot(...c.map((x, i) => x - v[i]!)), probability: 0 }))
      .sort((a, b) => b.score - a.score);
    const z = ranked.reduce((s, r) => s + Math.exp(r.score / 10), 0);
    for (const r of ranked) r.probability = Math.exp(r.score / 10) / z;
    const unknownScore = -ranked[0]!.score;
    return { ranked, unknown: unknownScore > m.radius, unknownScore, perSpace: {}, perSpaceKind: 'distance', perPatch: [] };
  }

  embed(_model: unknown, fp: StoredFingerprint): Float32Array {
    return fp.spaces.rgb!;
  }
}
