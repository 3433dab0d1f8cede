import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CausalPrintError } from '../../contract/errors.js';
import type { CorpusSummary } from './model-manifest-schema.js';
import { sha256Bytes } from './sha256.js';

/** One photo of native-models/corpus/manifest.json (written by the corpus builder). */
export const corpusPhotoSchema = z.looseObject({
  file: z.string().min(1),
  sourcePackage: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  group: z.enum(['A', 'B']),
});
export type CorpusPhoto = z.infer<typeof corpusPhotoSchema>;

export const corpusManifestSchema = z.looseObject({
  id: z.string().min(1),
  root: z.string().min(1),
  photos: z.array(corpusPhotoSchema),
});
export type CorpusManifest = z.infer<typeof corpusManifestSchema>;

/** Reads and validates the corpus manifest; returns it with the SHA-256 of its bytes. */
export async function readCorpusManifest(path: string): Promise<{ manifest: CorpusManifest; sha256: string }> {
  const text = await readFile(path, 'utf8');
  const parsed = corpusManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new CausalPrintError('VALIDATION', `${path} is not a valid corpus manifest: ${parsed.error.message}`, { file: path });
  return { manifest: parsed.data, sha256: sha256Bytes(text) };
}

/** Counts of the corpus for a model manifest: photos per group, bytes, and the corpus manifest's hash. */
export async function summariseCorpus(path: string, displayPath = 'native-models/corpus/manifest.json'): Promise<CorpusSummary> {
  const { manifest, sha256 } = await readCorpusManifest(path);
  const groups: Record<string, number> = {};
  for (const photo of manifest.photos) groups[photo.group] = (groups[photo.group] ?? 0) + 1;
  return {
    manifest: displayPath,
    sha256,
    photos: manifest.photos.length,
    groups: Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))),
    bytes: manifest.photos.reduce((sum, p) => sum + p.bytes, 0),
  };
}
