// Every network the app ships is the file its manifest vouches for and still computes what it
// computed at export time; a pack with an altered file is refused.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CausalPrintError } from '../../../electron/contract/errors.js';
import { checkNetworkFixture } from '../../../electron/engine/models/check-fixture.js';
import { loadPack, type LoadedPack } from '../../../electron/engine/models/load-pack.js';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';

const PACK_DIRS = ['packs/causalprint-base-v1', 'zoo'].map((p) => resolveResourcePath(p));
const loaded = new Map<string, Promise<LoadedPack>>();
const pack = (dir: string) => {
  if (!loaded.has(dir)) loaded.set(dir, loadPack(dir));
  return loaded.get(dir) as Promise<LoadedPack>;
};

describe.each(PACK_DIRS)('model directory %s', (dir) => {
  it('verifies the SHA-256 of every listed file and lists every .onnx beside it', async () => {
    const { manifest } = await pack(dir);
    const onnxOnDisk = (await readdir(dir)).filter((n) => n.endsWith('.onnx')).sort();
    expect(manifest.networks.map((n) => n.file).sort()).toEqual(onnxOnDisk);
    expect(manifest.networks.length).toBeGreaterThan(0);
  });

  it('reproduces each recorded fixture within its tolerance', async () => {
    const loadedPack = await pack(dir);
    for (const network of loadedPack.manifest.networks) {
      const result = await checkNetworkFixture(loadedPack, network.id);
      const worst = Math.max(...result.outputs.map((o) => o.maxAbsDiffRelative));
      console.info(`${network.id}: fixture ${result.passed ? 'ok' : 'FAILED'}, max |diff|/range ${worst.toExponential(2)}, run ${result.runMs.toFixed(0)} ms`);
      expect(result.outputs.flatMap((o) => o.problems.map((p) => `${network.id}/${o.name}: ${p}`))).toEqual([]);
      expect(result.passed).toBe(true);
    }
  });
});

describe('a tampered pack', () => {
  const temps: string[] = [];
  afterAll(async () => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

  async function copyOfBasePack(): Promise<{ dir: string; firstOnnx: string; firstFixture: string }> {
    const source = PACK_DIRS[0] as string;
    const dir = join(await mkdtemp(join(tmpdir(), 'cp-pack-')), 'causalprint-base-v1');
    temps.push(dir);
    await mkdir(dir);
    for (const name of await readdir(source)) await copyFile(join(source, name), join(dir, name));
    const { manifest } = await loadPack(dir);
    const onnx = manifest.files.find((f) => f.kind === 'onnx');
    const fixture = manifest.files.find((f) => f.kind === 'fixture');
    return { dir, firstOnnx: onnx?.path as string, firstFixture: fixture?.path as string };
  }

  async function refusal(dir: string): Promise<CausalPrintError> {
    const error = await loadPack(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CausalPrintError);
    return error as CausalPrintError;
  }

  it('is refused with INTEGRITY naming the network whose bytes changed', async () => {
    const { dir, firstOnnx } = await copyOfBasePack();
    const bytes = await readFile(join(dir, firstOnnx));
    const middle = bytes.length >> 1;
    bytes.writeUInt8((bytes.readUInt8(middle) ^ 0x01) & 0xff, middle);
    await writeFile(join(dir, firstOnnx), bytes);
    const error = await refusal(dir);
    expect(error.code).toBe('INTEGRITY');
    expect(error.message).toContain(firstOnnx);
    expect(error.details).toMatchObject({ file: firstOnnx });
  });

  it('is refused when a fixture was edited or a network is missing', async () => {
    const edited = await copyOfBasePack();
    await writeFile(join(edited.dir, edited.firstFixture), `${await readFile(join(edited.dir, edited.firstFixture), 'utf8')} `);
    expect((await refusal(edited.dir)).details).toMatchObject({ file: edited.firstFixture });

    const missing = await copyOfBasePack();
    await rm(join(missing.dir, missing.firstOnnx));
    const error = await refusal(missing.dir);
    expect(error.code).toBe('INTEGRITY');
    expect(error.details).toMatchObject({ file: missing.firstOnnx });
  });

  it('refuses a model file swapped after the pack was opened, when the model loads', async () => {
    const { dir, firstOnnx } = await copyOfBasePack();
    const opened = await loadPack(dir);
    const network = opened.manifest.networks.find((n) => n.file === firstOnnx);
    await writeFile(join(dir, firstOnnx), Buffer.from('not the network'));
    const model = opened.createModel(network?.id as string);
    await expect(model.load()).rejects.toMatchObject({ code: 'INTEGRITY' });
  });
});
