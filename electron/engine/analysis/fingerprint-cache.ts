import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FingerprintVectors } from '../fingerprint/fingerprint-types.js';

/** Image-level vectors (no per-patch data) of many images × processing variants, kept on disk between runs. */
export type CachedVectors = Record<string, Record<string, number[]>>;

export function loadCache(path: string): CachedVectors {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CachedVectors) : {};
}

export function saveCache(path: string, cache: CachedVectors): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(cache));
}

export function toVectors(entry: Record<string, number[]>): FingerprintVectors {
  return { spaces: Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, Float32Array.from(v)])), perPatch: [] };
}
