/**
 * Benchmark datasets: the real-generator dev set (manifest.tsv) and the zoo renders
 * (labels.json from `npm run zoo:render`). Entries are listed first and decoded on demand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  generator?: string;
  generatorId?: string;
  label?: string;
  content?: string;
  contentId?: string;
  photo?: string;
  group?: string;
}

/**
 * Reads labels.json of a zoo render: an array (or `{ images: [...] }`) of records with the
 * file (file | path, relative to the folder), the generator (generatorId | generator | label),
 * the source photo (contentId | content | photo) and the corpus group ("A" | "B").
 */
export function listZooRenders(dir: string): DatasetListing {
  const file = join(dir, 'labels.json');
  if (!existsSync(file)) throw new CausalPrintError('NOT_FOUND', `No labels.json in ${dir} (run npm run zoo:render).`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as ZooLabelRecord[] | { images?: ZooLabelRecord[] };
  const records = Array.isArray(parsed) ? parsed : (parsed.images ?? []);
  const entries = records.map((r, i) => {
    const rel = r.file ?? r.path;
    const label = r.generatorId ?? r.generator ?? r.label;
    const contentId = r.contentId ?? r.content ?? r.photo;
    if (!rel || !label) throw new CausalPrintError('VALIDATION', `labels.json record ${i} in ${dir} lacks a file or a generator.`);
    return { id: rel, path: join(dir, rel), label, source: contentId ?? rel, contentId, group: r.group };
  });
  return { name: 'zoo', kind: 'zoo', dir, entries };
}
