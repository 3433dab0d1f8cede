import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { migrate } from '../../../database/migrator.js';
import { openDatabase } from '../../../database/open-database.js';
import { GENERATOR_FAMILIES, LibraryRepository, type GeneratorFamily } from '../../../database/repositories/library-repository.js';
import { readCorpusManifest } from '../../engine/models/corpus-summary.js';
import { listCorpusPhotos, type PhotoRef } from '../../engine/zoo/photo-source.js';
import { openZoo } from '../../engine/zoo/open-zoo.js';
import { REAL_LABEL, renderDataset, type RenderedItem } from '../../engine/zoo/render-dataset.js';
import type { SdeditSettings } from '../../engine/zoo/sdedit-generator.js';
import type { LibraryEngine } from '../../engine/library/library-engine.js';
import type { LibraryValidation } from '../../engine/library/library-validation.js';
import { exportLibrary } from './library-file.js';
import { LibraryService } from './library-service.js';

/** Key of the real-camera entry of the default library. */
export const DEFAULT_REAL_KEY = 'real-camera';

/**
 * Corpus photos that are the sources of the bundled demo samples (build/demo-samples): left out
 * of the default library so that attributing a demo photo never meets its own content.
 */
export const DEMO_SOURCE_PHOTOS: readonly string[] = ['python3-skimage/astronaut.png', 'python3-skimage/coffee.png', 'python3-skimage/chelsea.png', 'python3-skimage/rocket.jpg', 'python3-skimage/camera.png'];

export interface DefaultLibraryBuildOptions {
  outFile: string;
  /** Scratch folder (renders and a temporary workstation home); emptied first. */
  workDir: string;
  zooDir: string;
  packDir: string;
  corpusManifest: string;
  corpusRoot: string;
  /** Side of each reference crop in pixels. */
  size: number;
  /** References per generator (and, at least, for the real-camera entry). */
  perGenerator: number;
  /** References of the real-camera entry: the perGenerator crops the generators render plus untouched crops of further group-A photos. */
  realReferences: number;
  sdedit: readonly SdeditSettings[];
  engine: () => Promise<LibraryEngine>;
  /** Where the inputs come from: commit id and its date (recorded; the date stamps every row so reruns give the same bytes). */
  source: { commit: string; committedAt: string };
  /** Cross-validation folds for the figures printed after the build (0 = skip validation). */
  folds: number;
  onProgress?: (line: string) => void;
}

export interface DefaultLibraryBuild {
  contentHash: string;
  bytes: number;
  generators: number;
  references: number;
  renderSeconds: number;
  enrolSeconds: number;
  validation: LibraryValidation | null;
  validateSeconds: number;
}

interface EntryMeta {
  key: string;
  displayName: string;
  family: GeneratorFamily;
  version: string;
  notes: string;
  isReal: boolean;
}

/**
 * Builds the default generator library: every zoo generator (and the SDEdit diffusion generator
 * over the pack's reconstructor) rendering the same seeded crops of corpus group-A photos, plus a
 * real-camera entry of untouched crops of the same photos. References are enrolled through the
 * library service (intake, hashing, fingerprinting) into a scratch home and exported as one
 * `.cplib` with their fingerprints in compact form (whole-image vectors, float16) under the
 * engine's fingerprint version: a fresh home uses them as they are, an engine with another
 * fingerprint version recomputes them from the images on first use. Every timestamp is the
 * source commit's date, so a rerun on the same commit writes the same bytes.
 */
export async function buildDefaultLibrary(options: DefaultLibraryBuildOptions): Promise<DefaultLibraryBuild> {
  const log = options.onProgress ?? (() => undefined);
  rmSync(options.workDir, { recursive: true, force: true });
  const renderDir = join(options.workDir, 'render');
  const home = join(options.workDir, 'home');
  mkdirSync(home, { recursive: true });

  const zoo = await openZoo(options.zooDir, { packDir: options.packDir, sdedit: options.sdedit });
  for (const s of zoo.skipped) log(`skipping ${s.id}: ${s.reason}`);
  const photos = (await listCorpusPhotos(options.corpusManifest, options.corpusRoot, 'A')).filter((p) => !DEMO_SOURCE_PHOTOS.includes(p.id));
  const photoById = new Map<string, PhotoRef>(photos.map((p) => [p.id, p]));
  const packageOf = await corpusPackages(options.corpusManifest);

  let started = performance.now();
  const rendered = await renderDataset({
    zoo,
    photos,
    outDir: renderDir,
    perGenerator: options.perGenerator,
    size: options.size,
    includeReal: true,
    realCrops: options.realReferences,
    sameCrops: true,
    source: { photos: 'corpus', corpusManifest: 'native-models/corpus/manifest.json', group: 'A' },
    onProgress: log,
  });
  await Promise.all(zoo.generators.map((g) => g.dispose()));
  const renderSeconds = (performance.now() - started) / 1000;

  const at = options.source.committedAt;
  const db = openDatabase(join(home, 'causalprint.db'));
  try {
    migrate(db);
    const repo = new LibraryRepository(db);
    const service = new LibraryService({
      db,
      repo,
      home,
      engine: options.engine,
      limits: () => ({ maxPixels: 100_000_000, maxFileBytes: 50_000_000 }),
      actor: () => 'causalprint library:default',
      now: () => at,
    });
    const metas: EntryMeta[] = zoo.generators.map((g) => ({
      key: g.id,
      displayName: g.id,
      family: familyOf(g.entry.family),
      version: `${g.recipe.kind === 'sdedit' ? `${packId(options.packDir)} ${g.recipe.network}` : `${zoo.zoo.manifest.id}@${zoo.zoo.manifest.version}`} sha256:${g.entry.sha256.slice(0, 16)}`,
      notes: `Built-in default library (npm run library:default). ${g.entry.architecture}. Render recipe: ${JSON.stringify(g.recipe)}. References: ${options.perGenerator} crops of ${options.size}² rendered from corpus group-A photos (same crops for every entry).`,
      isReal: false,
    }));
    metas.push({
      key: DEFAULT_REAL_KEY,
      displayName: 'Real camera photos',
      family: 'camera',
      version: `corpus group A`,
      notes: `Built-in default library (npm run library:default). Untouched ${options.size}² crops (pixels as stored, lossless WebP) of ${Math.max(options.perGenerator, options.realReferences)} corpus group-A photos from several Debian packages: the ${options.perGenerator} the generator entries render and further photos no generator rendered.`,
      isReal: true,
    });
    for (const meta of metas) service.createGenerator(meta);

    started = performance.now();
    const byLabel = new Map<string, RenderedItem[]>();
    for (const item of rendered.items) byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), item]);
    for (const meta of metas) {
      const label = meta.isReal ? REAL_LABEL : meta.key;
      const recipe = meta.isReal ? 'untouched crop' : JSON.stringify(zoo.generators.find((g) => g.id === meta.key)!.recipe);
      for (const item of byLabel.get(label) ?? []) {
        const photo = photoById.get(item.photoId)!;
        const provenance = [
          `photo ${item.photoId} (corpus group A, package ${packageOf.get(item.photoId) ?? '?'}, sha256 ${photo.sha256})`,
          `box [${item.box.join(', ')}]`,
          meta.isReal ? 'untouched crop' : `rendered by ${meta.key} (${recipe})`,
          'WebP lossless re-encoding of the rendered PNG (same pixels)',
          `npm run library:default at commit ${options.source.commit}`,
        ].join('; ');
        const name = item.file.replace(/\.png$/i, '.webp');
        const reference = await losslessWebp(join(renderDir, item.file), join(options.workDir, 'references', name));
        const [result] = await service.enrol(meta.key, [{ path: reference, displayName: `default/${name}` }], {
          provenance,
          contentIdOf: () => `${item.photoSha256.slice(0, 16)}:${item.box.join(',')}`,
        });
        if (result!.status !== 'enrolled') throw new Error(`${item.file} was ${result!.status}: ${result!.reason ?? ''}`);
      }
      log(`enrolled ${meta.key}`);
    }
    const enrolSeconds = (performance.now() - started) / 1000;

    // The fingerprints computed at enrolment travel with the file, so a fresh home attributes at once.
    const file = exportLibrary({ db, repo, home, now: () => at, libraryHash: () => service.libraryHash() }, options.outFile, { fingerprints: 'compact' });
    started = performance.now();
    const validation = options.folds > 1 ? (await service.validate(options.folds)).validation : null;
    return {
      contentHash: file.contentHash,
      bytes: statSync(options.outFile).size,
      generators: file.generators,
      references: file.references,
      renderSeconds,
      enrolSeconds,
      validation,
      validateSeconds: validation ? (performance.now() - started) / 1000 : 0,
    };
  } finally {
    db.close();
  }
}

/**
 * Re-encodes a render's PNG as lossless WebP (measured 16% smaller than a maximally compressed PNG
 * for these crops, which keeps the library with its fingerprints within budget) and checks that
 * the pixels are exactly the render's.
 */
async function losslessWebp(from: string, to: string): Promise<string> {
  const source = await sharp(from).raw().toBuffer({ resolveWithObject: true });
  const webp = await sharp(source.data, { raw: source.info }).webp({ lossless: true, effort: 6 }).toBuffer();
  const back = await sharp(webp).raw().toBuffer();
  if (!back.equals(source.data)) throw new Error(`Re-encoding ${from} changed its pixels.`);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, webp);
  return to;
}

function packId(packDir: string): string {
  return basename(packDir);
}

function familyOf(family: string): GeneratorFamily {
  return (GENERATOR_FAMILIES as readonly string[]).includes(family) ? (family as GeneratorFamily) : 'other';
}

async function corpusPackages(manifestPath: string): Promise<Map<string, string>> {
  const { manifest } = await readCorpusManifest(manifestPath);
  return new Map(manifest.photos.map((p) => [p.file, p.sourcePackage]));
}
