import { z } from 'zod';
import { Id } from './schemas.js';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const GeneratorFamilySchema = z.enum(['gan', 'diffusion', 'autoencoder', 'vae', 'super-resolution', 'camera', 'other']);

export const GeneratorEntrySchema = z.object({
  id: Id,
  key: z.string(),
  displayName: z.string(),
  family: GeneratorFamilySchema,
  version: z.string(),
  notes: z.string(),
  isReal: z.boolean(),
  references: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GeneratorEntry = z.infer<typeof GeneratorEntrySchema>;

export const NewGeneratorSchema = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'Key: lower-case letters, digits, . _ - (at most 80), starting with a letter or digit'),
  displayName: z.string().trim().min(1, 'Display name is required').max(120),
  family: GeneratorFamilySchema,
  version: z.string().max(60).default(''),
  notes: z.string().max(5000).default(''),
  isReal: z.boolean().optional(),
});

export const LibraryOverviewSchema = z.object({
  libraryHash: Sha256,
  generators: z.array(GeneratorEntrySchema),
});
export type LibraryOverview = z.infer<typeof LibraryOverviewSchema>;

export const LibraryValidationSchema = z.object({
  packId: z.string(),
  packVersion: z.string(),
  libraryHash: Sha256,
  modelHash: Sha256,
  folds: z.number().int().positive(),
  references: z.number().int().nonnegative(),
  accuracy: z.number(),
  falseUnknownRate: z.number(),
  labels: z.array(z.string()),
  confusion: z.array(z.array(z.number().int().nonnegative())),
  entries: z.array(
    z.object({
      generatorKey: z.string(),
      references: z.number().int().nonnegative(),
      recall: z.number(),
      spread: z.number(),
      fdr: z.number(),
      nearestConfuser: z.string().nullable(),
      nearestConfuserDistance: z.number().nullable(),
    }),
  ),
  notes: z.array(z.string()),
});
export type LibraryValidationResult = z.infer<typeof LibraryValidationSchema>;

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** One stored attribution of an evidence item, with everything that identifies how it was made. */
export const AttributionResultSchema = z.object({
  id: Id,
  evidenceId: Id,
  evidenceSha256: Sha256,
  packId: z.string(),
  packVersion: z.string(),
  libraryHash: Sha256,
  modelHash: Sha256,
  resultHash: Sha256,
  createdAt: z.string(),
  createdBy: z.string(),
  ranked: z.array(z.object({ generatorKey: z.string(), score: z.number(), probability: z.number() })),
  unknown: z.boolean(),
  unknownScore: z.number(),
  perSpace: z.record(z.string(), z.record(z.string(), z.number())),
  /**
   * What perSpace holds (higher favours the generator either way): "distance" = each space's share
   * of −distance to the generator's nearest cluster; "logit" = each space's share of the logistic
   * head's logit for the generator, centred over generators; "score" = the blend of those two shares
   * (each centred) that the blended ranking uses. Results stored before the head existed are "distance".
   */
  perSpaceKind: z.enum(['distance', 'logit', 'score']).default('distance'),
  perPatch: z.array(z.object({ box: Box, topGeneratorKey: z.string(), score: z.number() })),
  /** What the analyst should know about how the input was read (first frame of an animation, CMYK converted, …). */
  notes: z.array(z.string()).default([]),
});
export type AttributionResult = z.infer<typeof AttributionResultSchema>;
