import { z } from 'zod';
import { networkEntrySchema, packFileNameSchema, sha256HexSchema } from './network-entry-schema.js';

export const MANIFEST_SCHEMA_VERSION = 1;

/** Pack-level fields written by hand in `packs/<id>/pack.json` (the networks come from fragments). */
export const packHeaderSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a semantic version'),
  patchSize: z.number().int().positive(),
  description: z.string().min(1),
  licence: z.looseObject({ notes: z.array(z.string().min(1)).min(1) }),
});
export type PackHeader = z.infer<typeof packHeaderSchema>;

/** Summary of the photo corpus the trained networks saw, derived from corpus/manifest.json. */
export const corpusSummarySchema = z.object({
  manifest: z.string(),
  sha256: sha256HexSchema,
  photos: z.number().int().nonnegative(),
  groups: z.record(z.string(), z.number().int().nonnegative()),
  bytes: z.number().int().nonnegative(),
});
export type CorpusSummary = z.infer<typeof corpusSummarySchema>;

/** Every file the manifest vouches for, with the hash the loader re-checks. */
export const manifestFileSchema = z.object({
  path: packFileNameSchema,
  kind: z.enum(['onnx', 'fixture']),
  sha256: sha256HexSchema,
  bytes: z.number().int().nonnegative(),
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

/** An assembled `manifest.json` (engine pack or generator zoo). Generated; never edited by hand. */
export const modelManifestSchema = z.looseObject({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  kind: z.enum(['pack', 'zoo']),
  id: z.string().min(1),
  version: z.string().min(1),
  description: z.string().min(1),
  generatedBy: z.string().min(1),
  fragments: z.array(z.object({ file: packFileNameSchema, sha256: sha256HexSchema, networks: z.array(z.string()) })),
  corpus: corpusSummarySchema.optional(),
  networks: z.array(networkEntrySchema),
  files: z.array(manifestFileSchema),
});
export type ModelManifest = z.infer<typeof modelManifestSchema>;
