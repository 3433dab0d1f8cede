/**
 * The key of the benchmark's on-disk fingerprint cache: a hash of exactly the code and model files
 * a per-image fingerprint depends on. The code is the import closure of the fingerprint engine
 * (fingerprint/engine.ts and every relative module it imports, transitively: patch sampling,
 * residuals, spaces, ONNX loading, …); fitting code (library model, projections, causal method)
 * is outside that closure, so changing it keeps cached fingerprints valid. Processed enrolment
 * copies need no key: the cache is addressed by the pixels that reach the engine.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Relative specifiers a TypeScript source imports or re-exports (static strings only). */
export function relativeImports(source: string): string[] {
  return [...source.matchAll(RELATIVE_IMPORT)].map((m) => m[1]!);
}

function resolveSource(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c)) ?? null;
}

/**
 * Every .ts file reachable from `entry` through relative imports (the entry included), sorted.
 * A dynamic import with a computed specifier is not followed; the engine has none.
 */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolveSource(file, spec);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}

/** The pack files a fingerprint can depend on: its JSON descriptions and its ONNX networks. */
function packFiles(packDir: string): string[] {
  if (!existsSync(packDir)) return [];
  return readdirSync(packDir).filter((n) => n.endsWith('.json') || n.endsWith('.onnx')).sort().map((n) => join(packDir, n));
}

export interface FingerprintCacheKey {
  key: string;
  codeFiles: string[];
  packFiles: string[];
}

/**
 * SHA-1 (16 hex) over the engine's import closure (paths relative to `root`, and contents) and the
 * pack's JSON and ONNX files. `engineEntry` defaults to electron/engine/fingerprint/engine.ts.
 */
export function fingerprintCacheKey(root: string, packDir: string, engineEntry = join(root, 'electron', 'engine', 'fingerprint', 'engine.ts')): FingerprintCacheKey {
  const hash = createHash('sha1');
  const codeFiles = importClosure(engineEntry);
  for (const file of codeFiles) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  const pack = packFiles(packDir);
  for (const file of pack) hash.update(relative(packDir, file)).update('\0').update(readFileSync(file)).update('\0');
  return { key: hash.digest('hex').slice(0, 16), codeFiles: codeFiles.map((f) => relative(root, f)), packFiles: pack.map((f) => relative(packDir, f)) };
}
