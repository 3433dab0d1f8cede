import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintCacheKey, importClosure, relativeImports } from '../../../electron/engine/bench/fingerprint-cache-key.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A miniature repository: engine.ts imports a space; fit.ts (not imported by the engine) imports engine types. */
function fakeRepo(): { root: string; pack: string; write: (rel: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'fp-key-'));
  dirs.push(root);
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  write('electron/engine/fingerprint/engine.ts', "import { embed } from '../spaces/space.js';\nexport type { T } from './types.js';\nexport const f = embed;\n");
  write('electron/engine/fingerprint/types.ts', 'export type T = number;\n');
  write('electron/engine/spaces/space.ts', 'export const embed = 1;\n');
  write('electron/engine/fingerprint/fit.ts', "import type { T } from './engine.js';\nexport const fit: T = 1;\n");
  const pack = join(root, 'pack');
  mkdirSync(pack);
  writeFileSync(join(pack, 'manifest.json'), '{"id":"p"}');
  writeFileSync(join(pack, 'net.onnx'), 'weights');
  writeFileSync(join(pack, 'default-library.cplib'), 'library');
  return { root, pack, write };
}

describe('fingerprint cache key', () => {
  it('reads static relative imports and re-exports', () => {
    expect(relativeImports("import a from './a.js';\nexport { b } from \"../b.js\";\nimport 'node:fs';\nconst c = await import('./c.js');")).toEqual(['./a.js', '../b.js', './c.js']);
  });

  it('covers the engine import closure and the pack, not fit code nor the library file', () => {
    const { root, pack, write } = fakeRepo();
    const first = fingerprintCacheKey(root, pack);
    expect(first.codeFiles).toEqual(['electron/engine/fingerprint/engine.ts', 'electron/engine/fingerprint/types.ts', 'electron/engine/spaces/space.ts']);
    expect(first.packFiles).toEqual(['manifest.json', 'net.onnx']);
    write('electron/engine/fingerprint/fit.ts', 'export const fit = 2;\n');
    writeFileSync(join(pack, 'default-library.cplib'), 'another library');
    expect(fingerprintCacheKey(root, pack).key).toBe(first.key);
    write('electron/engine/spaces/space.ts', 'export const embed = 2;\n');
    const afterSpace = fingerprintCacheKey(root, pack).key;
    expect(afterSpace).not.toBe(first.key);
    writeFileSync(join(pack, 'net.onnx'), 'retrained weights');
    expect(fingerprintCacheKey(root, pack).key).not.toBe(afterSpace);
  });

  it('on the real engine: spaces, patches and residual code are in, the library model is out', () => {
    const closure = importClosure(resolve('electron/engine/fingerprint/engine.ts')).map((f) => f.slice(resolve('.').length + 1));
    expect(closure).toEqual(expect.arrayContaining(['electron/engine/imaging/patches.ts', 'electron/engine/spaces/fourier-space.ts', 'electron/engine/spaces/gaussian-residual.ts']));
    expect(closure).not.toContain('electron/engine/fingerprint/library-model.ts');
    expect(closure).not.toContain('electron/engine/fingerprint/causal-method.ts');
  });
});
