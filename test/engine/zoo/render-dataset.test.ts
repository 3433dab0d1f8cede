// zoo:render must be reproducible (same PNG bytes and labels on a rerun) and must show what its
// labels claim: the real crop is the photo region named by the box, and each render regenerates it.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePhoto, listFolderPhotos } from '../../../electron/engine/zoo/photo-source.js';
import { cropWithEdgeRepeat } from '../../../electron/engine/zoo/rgb-image.js';
import sharp from 'sharp';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';
import { openZoo } from '../../../electron/engine/zoo/open-zoo.js';
import { renderDataset } from '../../../electron/engine/zoo/render-dataset.js';

const run = promisify(execFile);
const PHOTOS = join(process.cwd(), 'build', 'demo-samples');
const GENERATORS = 'sr-esrgan-slim-x2,sr-esrgan-medium-x3,sr-esrgan-legacy-gans-x4';
const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

async function renderInto(extra: string[] = []): Promise<{ dir: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-zoo-'));
  temps.push(dir);
  const args = ['tsx', 'electron/engine/zoo/render-cli.ts', '--photos', PHOTOS, '--group', 'all', '--out', dir, '--per-generator', '2', '--size', '64', '--generators', GENERATORS, '--include-real', ...extra];
  const { stderr } = await run('npx', args, { cwd: process.cwd() });
  return { dir, stderr };
}

async function filesOf(dir: string): Promise<Record<string, Buffer>> {
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.png') || n.endsWith('.json')).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [relative(dir, join(dir, n)), await readFile(join(dir, n))] as const)));
}

interface Labels {
  items: { file: string; label: string; photoId: string; box: [number, number, number, number]; sha256: string }[];
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += ((a[i] as number) - (b[i] as number)) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

describe('zoo:render', () => {
  it('writes the same PNG and labels.json bytes on a rerun', async () => {
    const first = await renderInto();
    const second = await renderInto();
    const a = await filesOf(first.dir);
    const b = await filesOf(second.dir);
    expect(Object.keys(a)).toHaveLength(4 * 2 + 1);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect((b[name] as Buffer).equals(a[name] as Buffer), name).toBe(true);
    expect(first.stderr).toMatch(/ms CPU per 64² render/);
  }, 120_000);

  it('labels each file with its generator, photo, box and hash; renders resemble the real crop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-zoo-'));
    temps.push(dir);
    const zoo = await openZoo(resolveResourcePath('zoo'), { only: GENERATORS.split(',') });
    await renderDataset({ zoo, photos: await listFolderPhotos(PHOTOS), outDir: dir, perGenerator: 3, size: 64, includeReal: true, sameCrops: true, source: {} });
    await Promise.all(zoo.generators.map((g) => g.dispose()));
    const labels = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')) as Labels;
    const photos = await listFolderPhotos(PHOTOS);
    for (const item of labels.items) {
      const png = await readFile(join(dir, item.file));
      expect(createHash('sha256').update(png).digest('hex')).toBe(item.sha256);
      const photo = photos.find((p) => p.id === item.photoId);
      expect(photo, item.photoId).toBeDefined();
      const image = await decodePhoto(photo as NonNullable<typeof photo>);
      const [x, y, w, h] = item.box;
      const truth = cropWithEdgeRepeat(image, x, y, w, h).data;
      const pixels = new Uint8Array(await sharp(png).raw().toBuffer());
      if (item.label === 'real') expect(pixels).toEqual(truth);
      else {
        const quality = psnr(pixels, truth);
        console.info(`${item.file}: PSNR ${quality.toFixed(1)} dB vs the real crop`);
        expect(quality, item.file).toBeGreaterThan(20);
      }
    }
    expect(new Set(labels.items.map((i) => i.label))).toEqual(new Set(['real', ...GENERATORS.split(',')]));
  }, 120_000);

  it('writes further untouched real crops from the next photos when asked for more real than rendered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-zoo-'));
    temps.push(dir);
    const zoo = await openZoo(resolveResourcePath('zoo'), { only: ['sr-esrgan-slim-x2'] });
    const photos = await listFolderPhotos(PHOTOS);
    await renderDataset({ zoo, photos, outDir: dir, perGenerator: 2, size: 64, includeReal: true, realCrops: 4, sameCrops: true, source: {} });
    await Promise.all(zoo.generators.map((g) => g.dispose()));
    const labels = JSON.parse(await readFile(join(dir, 'labels.json'), 'utf8')) as Labels;
    const real = labels.items.filter((i) => i.label === 'real');
    const rendered = labels.items.filter((i) => i.label !== 'real');
    expect(rendered).toHaveLength(2);
    expect(real).toHaveLength(4);
    // The first two real crops show what the generator rendered; the other two show photos it never saw.
    expect(new Set(real.slice(0, 2).map((i) => i.photoId))).toEqual(new Set(rendered.map((i) => i.photoId)));
    expect(real.slice(2).every((i) => !rendered.some((r) => r.photoId === i.photoId))).toBe(true);
    for (const item of real.slice(2)) {
      const photo = photos.find((p) => p.id === item.photoId)!;
      const [x, y, w, h] = item.box;
      expect(new Uint8Array(await sharp(await readFile(join(dir, item.file))).raw().toBuffer())).toEqual(cropWithEdgeRepeat(await decodePhoto(photo), x, y, w, h).data);
    }
  }, 120_000);
});
