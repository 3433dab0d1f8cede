import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevImage {
  label: string;
  file: string;
  sourceRepo: string;
  format: string;
}

/** Reads data/real-generators/manifest.tsv (label, file, source_repo, …, format, …). */
export function readRealGeneratorsManifest(dataDir: string): DevImage[] {
  const lines = readFileSync(join(dataDir, 'manifest.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const header = lines[0]!.split('\t');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`manifest.tsv has no "${name}" column.`);
    return i;
  };
  const [label, file, source, format] = [col('label'), col('file'), col('source_repo'), col('format')];
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return { label: cells[label]!, file: join(dataDir, cells[file]!), sourceRepo: cells[source]!, format: cells[format]! };
  });
}

export interface CorpusPhoto {
  file: string;
  sourcePackage: string;
  group: 'A' | 'B';
}

/** Photos of the native-models corpus (manifest.json "photos") of one group, as extracted under corpusDir; missing files are left out. */
export function readCorpusPhotos(manifestPath: string, corpusDir: string, group: 'A' | 'B'): CorpusPhoto[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { photos: { file: string; sourcePackage: string; group: 'A' | 'B' }[] };
  return manifest.photos
    .filter((p) => p.group === group)
    .map((p) => ({ file: join(corpusDir, p.file), sourcePackage: p.sourcePackage, group: p.group }))
    .filter((p) => existsSync(p.file));
}
