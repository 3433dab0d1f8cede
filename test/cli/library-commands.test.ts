import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program.js';
import { makeTempDir } from '../helpers/temp-home.js';
import { FakeLibraryEngine } from '../services/library/fake-library-engine.js';

describe('causalprint library / attribute', () => {
  let dir: string;
  let cleanup: () => void;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const engine = new FakeLibraryEngine();
  const cli = (...args: string[]) => runCli(['--home', join(dir, 'home'), ...args], io, { libraryEngine: async () => engine });

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('cp-cli-library-'));
    out = [];
    err = [];
  });
  afterEach(() => cleanup());

  async function images(name: string, rgb: [number, number, number], n: number): Promise<string> {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < n; i++) {
      await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: rgb[0], g: rgb[1] + i, b: rgb[2] } } })
        .png()
        .toFile(join(folder, `${name}-${i}.png`));
    }
    return folder;
  }

  it('enrols folders, validates, attributes, exports and re-imports', async () => {
    expect(await cli('library', 'enrol', 'red', await images('red', [220, 20, 20], 4))).toBe(2);
    expect(err.join('\n')).toMatch(/no generator "red"; give --family/);
    expect(await cli('library', 'enrol', 'red', join(dir, 'red'), '--family', 'gan')).toBe(0);
    expect(out.at(-1)).toBe('4 of 4 file(s) enrolled for red.');
    expect(await cli('library', 'add', 'green', '--family', 'diffusion', '--name', 'Green model')).toBe(0);
    expect(await cli('library', 'enrol', 'green', await images('green', [20, 200, 20], 4))).toBe(0);

    out = [];
    expect(await cli('library', 'list')).toBe(0);
    expect(out[0]).toMatch(/^green\s+diffusion\s+4 ref\(s\)\s+Green model$/);
    expect(out.at(-1)).toMatch(/^Library hash [0-9a-f]{64}$/);

    out = [];
    expect(await cli('library', 'validate', '--folds', '2')).toBe(0);
    expect(out[0]).toBe('2-fold cross-validation of 8 reference(s): accuracy 100.0%, called unknown 0.0%.');

    out = [];
    const probe = join(await images('probe', [210, 30, 25], 1), 'probe-0.png');
    expect(await cli('attribute', probe, '--json')).toBe(0);
    const [result] = JSON.parse(out.join('\n')) as { ranked: { generatorKey: string }[]; unknown: boolean; libraryHash: string }[];
    expect(result!.ranked[0]!.generatorKey).toBe('red');
    expect(result!.unknown).toBe(false);

    const file = join(dir, 'lib.cplib');
    expect(await cli('library', 'export', file)).toBe(0);
    out = [];
    expect(await runCli(['--home', join(dir, 'other'), 'library', 'import', file], io, { libraryEngine: async () => engine })).toBe(0);
    expect(out[0]).toMatch(/2 generator\(s\) added, 8 reference\(s\) added, 0 already present/);
  });

  it('reports an unknown family and a missing engine as errors, not crashes', async () => {
    expect(await cli('library', 'add', 'x', '--family', 'painting')).toBe(2);
    expect(err.at(-1)).toMatch(/Family must be one of/);
    expect(await runCli(['--home', join(dir, 'home'), 'attribute', join(dir, 'none.png')], io, {
      libraryEngine: async () => {
        throw new Error('pack missing');
      },
    })).toBe(2);
    expect(err.at(-1)).toMatch(/pack missing/);
  });
});
