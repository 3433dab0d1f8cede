/**
 * A benchmark-side memo around the fingerprint engine: a fingerprint is a pure function of the
 * pixels, and the causal method re-fingerprints every training image (and its processed copies)
 * in every fold, so the benchmark caches by a hash of the pixels. During latency measurement the
 * memo is bypassed and the engine's own per-stage timings are collected instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AnalysisImage } from '../attribution/analysis-image.js';

interface FingerprintLike {
  timingsMs?: Record<string, number>;
  cpuMs?: Record<string, number>;
}

export interface EngineLike {
  fingerprint(image: AnalysisImage, options?: { maxPatches?: number }): Promise<FingerprintLike>;
}

export interface StageMedians {
  wall: Record<string, number>;
  /** Empty when the engine reports no CPU time per stage. */
  cpu: Record<string, number>;
}

export interface FingerprintMemo {
  /** Bypass the cache and record stage timings (true) or use the cache (false). */
  setTiming(on: boolean): void;
  /** Median wall and CPU ms per stage over the calls made while timing, then cleared. */
  takeStageMedians(): StageMedians;
}

/** The memo's key: image size, fingerprint options and pixels (also the file name of a persisted fingerprint). */
export function pixelKey(image: AnalysisImage, options: unknown): string {
  const hash = createHash('sha1');
  hash.update(`${image.width}x${image.height}:${JSON.stringify(options ?? {})}:`);
  hash.update(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength));
  return hash.digest('hex');
}

/**
 * Replaces engine.fingerprint in place with the memoised version. With `persistDir` (one folder
 * per engine identity: code, pack, spaces, residual — the caller names it), fingerprints are
 * also kept on disk so separate benchmark processes over the same images reuse them.
 */
export function memoiseFingerprints(engine: EngineLike, persistDir?: string): FingerprintMemo {
  const computed = engine.fingerprint.bind(engine);
  if (persistDir) mkdirSync(persistDir, { recursive: true });
  const original: EngineLike['fingerprint'] = !persistDir ? computed : async (image, options) => {
    const file = join(persistDir, `${pixelKey(image, options)}.v8`);
    if (existsSync(file)) return deserialize(readFileSync(file)) as FingerprintLike;
    const fp = await computed(image, options);
    writeFileSync(`${file}.tmp`, serialize(fp));
    renameSync(`${file}.tmp`, file);
    return fp;
  };
  const cache = new Map<string, Promise<FingerprintLike>>();
  let timing = false;
  let stages: Record<string, number>[] = [];
  let cpuStages: Record<string, number>[] = [];
  engine.fingerprint = async (image, options) => {
    if (timing) {
      const fp = await computed(image, options);
      stages.push(withTotal(fp.timingsMs ?? {}));
      if (fp.cpuMs) cpuStages.push(withTotal(fp.cpuMs));
      return fp;
    }
    const key = pixelKey(image, options);
    let hit = cache.get(key);
    if (!hit) {
      hit = original(image, options);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
  return {
    setTiming(on) {
      timing = on;
    },
    takeStageMedians() {
      const out = { wall: medians(stages), cpu: medians(cpuStages) };
      stages = [];
      cpuStages = [];
      return out;
    },
  };
}

/** The stages plus their sum for this call ("fingerprint total"), so the rest of a predict (attribution) can be read off. */
function withTotal(stages: Record<string, number>): Record<string, number> {
  return { ...stages, 'fingerprint total': Object.values(stages).reduce((a, b) => a + b, 0) };
}

function medians(stages: readonly Record<string, number>[]): Record<string, number> {
  const names = [...new Set(stages.flatMap((s) => Object.keys(s)))];
  const out: Record<string, number> = {};
  for (const name of names) {
    const values = stages.map((s) => s[name] ?? 0).sort((a, b) => a - b);
    out[name] = values[Math.floor(values.length / 2)]!;
  }
  return out;
}
