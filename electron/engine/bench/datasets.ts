/**
 * Benchmark datasets: the real-generator dev set (manifest.tsv) and the zoo renders
 * (labels.json from `npm run zoo:render`). Entries are listed first and decoded on demand.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readCorpusPhotos } from '../analysis/real-generators-manifest.js';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { alignedCentreCrop, decodeImageFile } from './image-io.js';
import { extname, join, relative, resolve } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';

export interface DatasetEntry {
  id: string;
  path: string;
  label: string;
  /** Where the image came from (source repository for real data, photo for zoo renders). */
  source: string;
  contentId?: string;
  /** Corpus group "A" | "B" for zoo renders. */
  group?: string;
  format?: string;
  /** A reference that joins every training side and is never tested (extra real-camera photos). */
  trainOnly?: boolean;
  /** Decode only the aligned central window of this side (large photos). */
  crop?: number;
}

export interface DatasetListing {
  name: string;
  kind: 'real' | 'zoo';
  dir: string;
  entries: DatasetEntry[];
}

/** Parses manifest.tsv (label, file, source_repo, …, format, …). */
export function listRealGenerators(dir: string): DatasetListing {
  const manifest = join(dir, 'manifest.tsv');
  if (!existsSync(manifest)) throw new CausalPrintError('NOT_FOUND', `No manifest.tsv in ${dir}.`);
  const [header, ...lines] = readFileSync(manifest, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const columns = header!.split('\t');
  const col = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new CausalPrintError('VALIDATION', `manifest.tsv in ${dir} has no "${name}" column.`);
    return i;
  };
  const [iLabel, iFile, iSource, iFormat] = [col('label'), col('file'), col('source_repo'), col('format')];
  const entries = lines.map((line) => {
    const f = line.split('\t');
    return { id: f[iFile]!, path: join(dir, f[iFile]!), label: f[iLabel]!, source: f[iSource]!, format: f[iFormat] };
  });
  return { name: 'real-generators', kind: 'real', dir, entries };
}

interface ZooLabelRecord {
  file?: string;
  path?: string;
  label?: string;
  generator?: string | null;
  generatorId?: string;
  photoId?: string;
  photoSha256?: string;
  contentId?: string;
  group?: string;
}

interface ZooLabels {
  options?: { group?: string };
  items?: ZooLabelRecord[];
  images?: ZooLabelRecord[];
}

/** The corpus rule (MODELS.md): A if int(sha256[:8], 16) % 10 < 7, else B. */
export function corpusGroup(sha256: string): 'A' | 'B' {
  return parseInt(sha256.slice(0, 8), 16) % 10 < 7 ? 'A' : 'B';
}

function listZooFolder(dir: string): DatasetEntry[] {
  const file = join(dir, 'labels.json');
  if (!existsSync(file)) throw new CausalPrintError('NOT_FOUND', `No labels.json in ${dir} (run npm run zoo:render).`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ZooLabelRecord[] | ZooLabels;
  const records = Array.isArray(parsed) ? parsed : (parsed.items ?? parsed.images ?? []);
  const folderGroup = Array.isArray(parsed) ? undefined : parsed.options?.group;
  return records.map((r, i) => {
    const rel = r.file ?? r.path;
    const label = r.label ?? r.generatorId ?? r.generator ?? undefined;
    if (!rel || !label) throw new CausalPrintError('VALIDATION', `labels.json record ${i} in ${dir} lacks a file or a label.`);
    const contentId = r.contentId ?? r.photoId ?? r.photoSha256;
    const group = r.group ?? (folderGroup === 'A' || folderGroup === 'B' ? folderGroup : r.photoSha256 ? corpusGroup(r.photoSha256) : undefined);
    return { id: join(dir, rel), path: join(dir, rel), label, source: contentId ?? rel, contentId, group };
  });
}

/**
 * Zoo renders from `npm run zoo:render`: one or more folders (comma-separated, e.g. the group A
 * and group B renders), each with labels.json (`{ options: { group }, items: [{ file, label,
 * photoId, photoSha256 }] }`). The group of an item is its own, else its folder's, else the
 * corpus rule applied to its photo hash.
 */
export function listZooRenders(dirs: string): DatasetListing {
  const folders = dirs.split(',').filter(Boolean);
  const expanded = folders.flatMap((d) =>
    existsSync(join(d, 'labels.json')) ? [d] : ['A', 'B'].map((g) => join(d, g)).filter((sub) => existsSync(join(sub, 'labels.json'))),
  );
  if (expanded.length === 0) throw new CausalPrintError('NOT_FOUND', `No labels.json in ${dirs} (nor in its A/ and B/ folders); run npm run zoo:render.`);
  return { name: 'zoo', kind: 'zoo', dir: expanded.join(','), entries: expanded.flatMap(listZooFolder) };
}

/** Side of the aligned central window taken from each extra real-camera photo (the dev set's camera crops are 512²). */
export const EXTRA_REAL_CROP = 512;

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff', '.bmp']);

/** Where `npm run models:corpus` puts the corpus (manifest and extracted photos), from the repository root. */
export const CORPUS_LOCATION = { manifest: resolve('native-models', 'corpus', 'manifest.json'), dir: resolve('native-models', '.work', 'corpus') };

export interface ExtraRealOptions {
  /** Corpus groups whose photos are taken (the zoo tests on group B photos, so it may enrol group A only). */
  groups?: readonly ('A' | 'B')[];
  /** Side of the aligned central window decoded from each photo. */
  crop?: number;
}

/** For the zoo: group A photos only (its test renders show group B photos), in 256² windows like its renders. */
export const ZOO_EXTRA_REAL: ExtraRealOptions = { groups: ['A'], crop: 256 };

/** Decodes an entry at the stored pixel grid, then takes its aligned central window when it asks for one. */
export async function decodeEntry(entry: DatasetEntry): Promise<AnalysisImage> {
  const decoded = await decodeImageFile(entry.path);
  return entry.crop ? alignedCentreCrop(decoded, entry.crop) : decoded;
}

/**
 * Extra real-camera references: `corpus` means the native-models corpus photos (several Debian
 * packages and cameras; from `npm run models:corpus`) of the given groups, anything else a folder
 * whose images (recursively) are photographs. Each is labelled "real", keyed by its source
 * package or folder, and marked train-only.
 */
export function listExtraReal(spec: string, corpus: { manifest: string; dir: string }, options: ExtraRealOptions = {}): DatasetEntry[] {
  const crop = options.crop ?? EXTRA_REAL_CROP;
  if (spec === 'corpus') {
    if (!existsSync(corpus.manifest) || !existsSync(corpus.dir)) {
      throw new CausalPrintError('NOT_FOUND', `No extracted corpus at ${corpus.dir} (run npm run models:corpus).`);
    }
    const photos = (options.groups ?? ['A', 'B']).flatMap((g) => readCorpusPhotos(corpus.manifest, corpus.dir, g));
    if (photos.length === 0) throw new CausalPrintError('NOT_FOUND', `The corpus manifest lists no photo present under ${corpus.dir}.`);
    return photos.map((p) => ({ id: `extra-real:${relative(corpus.dir, p.file)}`, path: p.file, label: 'real', source: `corpus:${p.sourcePackage}`, group: p.group, trainOnly: true, crop }));
  }
  if (!existsSync(spec) || !statSync(spec).isDirectory()) throw new CausalPrintError('NOT_FOUND', `--extra-real ${spec}: not a folder (or "corpus").`);
  const files = (readdirSync(spec, { recursive: true }) as string[]).filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase())).sort();
  if (files.length === 0) throw new CausalPrintError('NOT_FOUND', `--extra-real ${spec}: no images found.`);
  return files.map((f) => ({ id: `extra-real:${f}`, path: join(spec, f), label: 'real', source: `extra:${f.split(/[\\/]/)[0]}`, trainOnly: true, crop }));
}
