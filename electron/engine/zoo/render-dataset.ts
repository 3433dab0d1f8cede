import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';
import { sha256Bytes } from '../models/sha256.js';
import { cropSeed, seededCropBox, type CropBox } from './crop-boxes.js';
import type { OpenedZoo } from './open-zoo.js';
import { decodePhoto, encodePng, type PhotoRef } from './photo-source.js';
import { cropWithEdgeRepeat } from './rgb-image.js';
import { renderSideFor } from './zoo-generator.js';

export const REAL_LABEL = 'real';

export interface RenderDatasetOptions {
  zoo: OpenedZoo;
  photos: PhotoRef[];
  outDir: string;
  perGenerator: number;
  size: number;
  includeReal: boolean;
  /** Same crop box for every generator (matched content) instead of one seeded per generator. */
  sameCrops: boolean;
  /**
   * Untouched real crops to write (with includeReal), default perGenerator: beyond perGenerator the
   * further crops come from the next photos in the same order, rendered by no generator, so the
   * real class can be drawn from more photos (and sources) than the generators render.
   */
  realCrops?: number;
  /** Recorded in labels.json: where the photos came from (group, corpus or folder). */
  source: Record<string, unknown>;
  onProgress?: (line: string) => void;
}

export interface RenderedItem {
  file: string;
  label: string;
  generator: string | null;
  photoId: string;
  photoSha256: string;
  box: CropBox;
  width: number;
  height: number;
  sha256: string;
}

export interface RenderDatasetResult {
  items: RenderedItem[];
  /** Wall-clock milliseconds spent in render() per generator (the network run plus pre/post-processing). */
  renderMs: Record<string, number[]>;
  /** Process CPU milliseconds (user + system) of the same calls: robust to other load on the machine. */
  renderCpuMs: Record<string, number[]>;
}

/**
 * Renders `perGenerator` crops with every generator (item k uses the k-th usable photo in hash
 * order, cycling), writes `<label>/<k>-<photo sha>.png` and `labels.json`. Everything is derived
 * from the inputs, so a rerun writes the same bytes. Runs one item at a time.
 */
export async function renderDataset(options: RenderDatasetOptions): Promise<RenderDatasetResult> {
  const { zoo, size, perGenerator } = options;
  const usable = options.photos.filter((p) => Math.min(p.width, p.height) >= size);
  if (!usable.length) throw new CausalPrintError('NOT_FOUND', `No photo is at least ${size}×${size} pixels.`, { size });
  const items: RenderedItem[] = [];
  const renderMs: Record<string, number[]> = Object.fromEntries(zoo.generators.map((g) => [g.id, []]));
  const renderCpuMs: Record<string, number[]> = Object.fromEntries(zoo.generators.map((g) => [g.id, []]));
  const realCrops = options.includeReal ? Math.max(perGenerator, options.realCrops ?? perGenerator) : 0;
  const digits = String(Math.max(perGenerator, realCrops) - 1).length;
  // Sessions are created up front so the per-render timings measure rendering only.
  for (const generator of zoo.generators) await generator.load();

  const save = async (label: string, generator: string | null, k: number, photo: PhotoRef, box: CropBox, png: Buffer) => {
    const file = `${label}/${String(k).padStart(digits, '0')}-${photo.sha256.slice(0, 12)}.png`;
    await mkdir(dirname(join(options.outDir, file)), { recursive: true });
    await writeFile(join(options.outDir, file), png);
    items.push({ file, label, generator, photoId: photo.id, photoSha256: photo.sha256, box, width: size, height: size, sha256: sha256Bytes(png) });
  };

  for (let k = 0; k < perGenerator; k++) {
    const photo = usable[k % usable.length] as PhotoRef;
    const image = await decodePhoto(photo);
    const times: string[] = [];
    for (const generator of zoo.generators) {
      const span = renderSideFor(generator.recipe, size);
      const box = seededCropBox(cropSeed(photo.sha256, options.sameCrops ? undefined : generator.id, k), image.width, image.height, size, span);
      const region = cropWithEdgeRepeat(image, box[0], box[1], span, span);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const rendered = await generator.render(region, size, size);
      const cpu = process.cpuUsage(cpuBefore);
      const ms = performance.now() - started;
      renderMs[generator.id]?.push(ms);
      renderCpuMs[generator.id]?.push((cpu.user + cpu.system) / 1000);
      times.push(`${generator.id} ${ms.toFixed(0)}ms`);
      await save(generator.id, generator.id, k, photo, box, await encodePng(rendered));
    }
    if (options.includeReal) {
      const box = seededCropBox(cropSeed(photo.sha256, options.sameCrops ? undefined : REAL_LABEL, k), image.width, image.height, size);
      await save(REAL_LABEL, null, k, photo, box, await encodePng(cropWithEdgeRepeat(image, box[0], box[1], size, size)));
    }
    options.onProgress?.(`[${k + 1}/${perGenerator}] ${photo.id}: ${times.join(', ')}`);
  }
  for (let k = perGenerator; k < realCrops; k++) {
    const photo = usable[k % usable.length] as PhotoRef;
    const image = await decodePhoto(photo);
    const box = seededCropBox(cropSeed(photo.sha256, options.sameCrops ? undefined : REAL_LABEL, k), image.width, image.height, size);
    await save(REAL_LABEL, null, k, photo, box, await encodePng(cropWithEdgeRepeat(image, box[0], box[1], size, size)));
  }
  items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  await writeFile(join(options.outDir, 'labels.json'), serialiseLabels(options, items));
  return { items, renderMs, renderCpuMs };
}

function serialiseLabels(options: RenderDatasetOptions, items: RenderedItem[]): string {
  const { zoo } = options;
  const labels = {
    schemaVersion: 1,
    generatedBy: 'npm run zoo:render (electron/engine/zoo/render-cli.ts)',
    zoo: { id: zoo.zoo.manifest.id, version: zoo.zoo.manifest.version },
    options: {
      size: options.size,
      perGenerator: options.perGenerator,
      includeReal: options.includeReal,
      ...(options.realCrops !== undefined ? { realCrops: options.realCrops } : {}),
      sameCrops: options.sameCrops,
      ...options.source,
    },
    generators: zoo.generators.map((g) => ({ id: g.id, family: g.entry.family, architecture: g.entry.architecture, sha256: g.entry.sha256, recipe: g.recipe })),
    skippedGenerators: zoo.skipped,
    boxNote: 'box = [x, y, width, height] of the photo region shown by the PNG (stored pixel grid of the photo file)',
    items,
  };
  return `${JSON.stringify(labels, null, 1)}\n`;
}
