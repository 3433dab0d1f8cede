import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assembleManifest, serialiseManifest } from '../../../electron/engine/models/assemble-manifest.js';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';

const corpus = resolveResourcePath('corpus/manifest.json');
const corpusPath = existsSync(corpus) ? corpus : undefined;
const targets = [
  { dir: resolveResourcePath('packs/causalprint-base-v1'), kind: 'pack' as const },
  { dir: resolveResourcePath('zoo'), kind: 'zoo' as const },
];

describe.each(targets)('committed $kind manifest', ({ dir, kind }) => {
  it('is exactly what `npm run models:manifest` assembles from the fragments (rerun it after adding one)', async () => {
    const first = serialiseManifest(await assembleManifest(dir, kind, corpusPath));
    const second = serialiseManifest(await assembleManifest(dir, kind, corpusPath));
    expect(second).toBe(first);
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe(first);
  });
});

describe('assembling a manifest', () => {
  const temps: string[] = [];
  afterAll(async () => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

  async function packCopy(): Promise<string> {
    const dir = join(await mkdtemp(join(tmpdir(), 'cp-frag-')), 'causalprint-base-v1');
    temps.push(dir);
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    const source = targets[0]?.dir as string;
    for (const name of await readdir(source)) await copyFile(join(source, name), join(dir, name));
    return dir;
  }

  it('takes pack-level fields from pack.json and re-hashes every network', async () => {
    const manifest = await assembleManifest(await packCopy(), 'pack');
    expect(manifest).toMatchObject({ id: 'causalprint-base-v1', patchSize: 64, kind: 'pack' });
    expect(manifest.files.filter((f) => f.kind === 'onnx').map((f) => f.path)).toEqual(manifest.networks.map((n) => n.file));
  });

  it('refuses a fragment whose recorded sha256 no longer matches the file', async () => {
    const dir = await packCopy();
    const fragment = JSON.parse(await readFile(join(dir, 'converted.json'), 'utf8')) as { sha256: string }[];
    (fragment[0] as { sha256: string }).sha256 = '0'.repeat(64);
    await writeFile(join(dir, 'converted.json'), JSON.stringify(fragment));
    await expect(assembleManifest(dir, 'pack')).rejects.toMatchObject({ code: 'INTEGRITY', details: { fragment: 'converted.json' } });
  });

  it('refuses a malformed fragment and a network id listed twice', async () => {
    const dir = await packCopy();
    const fragment = JSON.parse(await readFile(join(dir, 'converted.json'), 'utf8')) as Record<string, unknown>[];
    await writeFile(join(dir, 'trained-dup.json'), JSON.stringify(fragment));
    await expect(assembleManifest(dir, 'pack')).rejects.toMatchObject({ code: 'CONFLICT' });
    await writeFile(join(dir, 'trained-dup.json'), JSON.stringify([{ ...fragment[0], role: 'mystery' }]));
    await expect(assembleManifest(dir, 'pack')).rejects.toMatchObject({ code: 'VALIDATION', details: { file: 'trained-dup.json' } });
  });
});

describe('native-models/docs/zoo.md', () => {
  it('is the table `npm run models:manifest` writes from the committed zoo manifest', async () => {
    const { zooMarkdown } = await import('../../../electron/engine/zoo/zoo-doc.js');
    const manifest = JSON.parse(await readFile(resolveResourcePath('zoo/manifest.json'), 'utf8'));
    const doc = await readFile(resolveResourcePath('docs/zoo.md'), 'utf8');
    expect(doc).toBe(zooMarkdown(manifest));
    for (const network of manifest.networks as { id: string }[]) expect(doc).toContain(`\`${network.id}\``);
  });
});
