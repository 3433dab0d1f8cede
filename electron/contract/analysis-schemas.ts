import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { Id, JobStatus } from './schemas.js';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The gist of one stored attribution, enough for a grid cell and a job summary. */
export const AttributionBriefSchema = z.object({
  resultId: Id,
  createdAt: z.string(),
  packId: z.string(),
  packVersion: z.string(),
  libraryHash: Sha256,
  modelHash: Sha256,
  unknown: z.boolean(),
  /** Most likely generator (null only when the library ranked nothing). */
  topGeneratorKey: z.string().nullable(),
  probability: z.number().nullable(),
  notes: z.array(z.string()),
});
export type AttributionBrief = z.infer<typeof AttributionBriefSchema>;

/** The newest attribution of each evidence item of a case (null: never analysed). */
export const LatestAttributionSchema = z.object({ evidenceId: Id, latest: AttributionBriefSchema.nullable() });
export type LatestAttribution = z.infer<typeof LatestAttributionSchema>;

/**
 * What happened to one item of a case attribution job: attributed (a new stored result), skipped
 * (a result with the same pack, library and model already exists) or failed (typed error, the job
 * went on with the next item).
 */
export const AttributionItemOutcomeSchema = z.object({
  evidenceId: Id,
  name: z.string(),
  status: z.enum(['attributed', 'skipped', 'failed']),
  result: AttributionBriefSchema.optional(),
  errorCode: z.enum(ERROR_CODES).optional(),
  reason: z.string().optional(),
});
export type AttributionItemOutcome = z.infer<typeof AttributionItemOutcomeSchema>;

export const AttributionSummarySchema = z.object({
  attributed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  results: z.array(AttributionItemOutcomeSchema),
});
export type AttributionSummary = z.infer<typeof AttributionSummarySchema>;

/** A background job attributing many evidence items of one case, one after the other. */
export const AttributionJobSchema = z.object({
  id: Id,
  kind: z.literal('case-attribution'),
  caseId: Id,
  status: JobStatus,
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  current: z.string().nullable(),
  summary: AttributionSummarySchema,
  error: z.string().nullable(),
});
export type AttributionJob = z.infer<typeof AttributionJobSchema>;

export const AttributeCaseInputSchema = z
  .object({
    caseId: Id,
    /** Only these items of the case (default: all of them, in import order). */
    evidenceIds: z.array(Id).min(1).max(10_000).optional(),
    /** Re-analyse items that already have a result for the current pack, library and model. */
    force: z.boolean().default(false),
  })
  .strict();

export const AttributionProgressSchema = z.object({
  jobId: Id,
  caseId: Id,
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  current: z.string().nullable(),
  outcome: AttributionItemOutcomeSchema.optional(),
});
