import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program.js';
import { defaultLibraryPath } from '../../../electron/services/library/default-library.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from './fake-library-engine.js';

const parsed = JSON.parse(readFileSync(defaultLibraryPath(), 'utf8')) as { contentHash: string; generators: { key: string; references: unknown[] }[] };
const references = parsed.generators.reduce((n, g) => n + g.references.length, 0);

describe('causalprint library import-default / remove-default', () => {
  let dir: string;
  let cleanup: () => void;
  let out: string[];
  const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
  const cli = (...args: string[]) => runCli(['--home', join(dir, 'home'), ...args], io, { libraryEngine: async () => new FakeLibraryEngine() });

  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir('cp-cli-default-'));
    out = [];
  });
  afterEach(() => cleanup());

  it('imports the bundled default library (twice is harmless) and removes it again', async () => {
    expect(await cli('library', 'import-default')).toBe(0);
    expect(out.at(-1)).toContain(`content hash ${parsed.contentHash}): ${parsed.generators.length} generator(s) added, ${references} reference(s) added, 0 already present`);
    expect(await cli('library', 'import-default')).toBe(0);
    expect(out.at(-1)).toContain(`0 generator(s) added, 0 reference(s) added, ${references} already present`);
    expect(await cli('library', 'add', 'mine', '--family', 'gan')).toBe(0);
    expect(await cli('library', 'remove-default')).toBe(0);
    expect(out.at(-1)).toBe(`Removed ${references} default reference(s) and ${parsed.generators.length} entries.`);
    out = [];
    expect(await cli('library', 'list')).toBe(0);
    expect(out[0]).toMatch(/^mine\s+gan\s+0 ref\(s\)/);
    expect(out).toHaveLength(2);
  });

  it('refuses an altered file', async () => {
    const bad = join(dir, 'bad.cplib');
    writeFileSync(bad, readFileSync(defaultLibraryPath(), 'utf8').replace('"displayName":"Real camera photos"', '"displayName":"Real camera photo"'));
    expect(await cli('library', 'import-default', '--file', bad)).toBe(2);
    expect(out.at(-1)).toMatch(/does not match its content hash/);
  });
});
