import { z } from 'zod';
import {
  AppInfoSchema,
  AuditEntrySchema,
  AuditVerificationSchema,
  CaseSchema,
  CaseStatus,
  EvidenceDetailSchema,
  EvidenceSchema,
  Id,
  ImportFileResultSchema,
  JobSchema,
  NewCaseSchema,
  SettingsSchema,
} from './schemas.js';
import {
  AttributionResultSchema,
  GeneratorEntrySchema,
  LibraryOverviewSchema,
  LibraryValidationSchema,
  NewGeneratorSchema,
} from './library-schemas.js';
import {
  AttributeCaseInputSchema,
  AttributionJobSchema,
  AttributionProgressSchema,
  LatestAttributionSchema,
} from './analysis-schemas.js';

/**
 * The one contract between the renderer and the main process (or the local server).
 * Every invoke channel is `domain:action` with a zod `input` and `output`; both the Electron
 * IPC layer and the local server parse the input before any handler runs, and the client
 * parses the output. Events flow main → renderer only and are listed separately.
 */
export const invokeContract = {
  /** Name, version and mode of the running workstation. */
  'app:info': { input: z.object({}).strict(), output: AppInfoSchema },

  /** Cases, newest first, optionally filtered by number/title/examiner. */
  'cases:list': {
    input: z.object({ search: z.string().max(200).optional() }).strict(),
    output: z.array(CaseSchema),
  },
  /** Opens a new case; the case number must be unique. */
  'cases:create': { input: NewCaseSchema.strict(), output: CaseSchema },
  /** One case by id. */
  'cases:get': { input: z.object({ caseId: Id }).strict(), output: CaseSchema },
  /** Changes title, description or status of a case (audited). */
  'cases:update': {
    input: z
      .object({
        caseId: Id,
        title: z.string().trim().min(1).max(200).optional(),
        description: z.string().max(10_000).optional(),
        status: CaseStatus.optional(),
      })
      .strict(),
    output: CaseSchema,
  },

  /** Evidence of a case in import order. */
  'evidence:list': { input: z.object({ caseId: Id }).strict(), output: z.array(EvidenceSchema) },
  /** Opens one item: re-hashes the vault copy (audited) and returns all its metadata. */
  'evidence:open': { input: z.object({ evidenceId: Id }).strict(), output: EvidenceDetailSchema },
  /** Re-hashes every item of a case (audited); returns the refreshed list. */
  'evidence:verifyAll': { input: z.object({ caseId: Id }).strict(), output: z.array(EvidenceSchema) },
  /**
   * Desktop only: the main process shows a native open dialog and imports what the
   * analyst picked. No path ever comes from the renderer. Null when the dialog was cancelled.
   */
  'evidence:chooseAndImport': {
    input: z.object({ caseId: Id, mode: z.enum(['files', 'folder']) }).strict(),
    output: z.object({ jobId: Id }).nullable(),
  },
  /** Server mode: starts importing the files previously uploaded under `uploadId`. */
  'evidence:importUpload': {
    input: z.object({ caseId: Id, uploadId: Id }).strict(),
    output: z.object({ jobId: Id }),
  },

  /** Server mode: reserves an upload area for `fileCount` files (bytes go to the upload route). */
  'uploads:create': {
    input: z.object({ fileCount: z.number().int().min(1).max(10_000) }).strict(),
    output: z.object({ uploadId: Id }),
  },

  /** State of an import job (a case attribution job's state comes from `analysis:job`). */
  'jobs:get': { input: z.object({ jobId: Id }).strict(), output: JobSchema },
  /** Requests cancellation of any job (import or attribution); items already committed stay, nothing half-written remains. */
  'jobs:cancel': { input: z.object({ jobId: Id }).strict(), output: z.object({ cancelled: z.boolean() }) },

  /** Audit entries of a case, oldest first. */
  'audit:list': {
    input: z
      .object({ caseId: Id, limit: z.number().int().min(1).max(5000).default(500), offset: z.number().int().min(0).default(0) })
      .strict(),
    output: z.array(AuditEntrySchema),
  },
  /** Recomputes the hash chain of a case and names every edited, deleted or reordered entry. */
  'audit:verify': { input: z.object({ caseId: Id }).strict(), output: AuditVerificationSchema },

  /** The fingerprint library: generator entries with reference counts, and the library's hash. */
  'library:overview': { input: z.object({}).strict(), output: LibraryOverviewSchema },
  /** Adds a generator entry (references are enrolled through the CLI for now). */
  'library:createGenerator': { input: NewGeneratorSchema.strict(), output: GeneratorEntrySchema },
  /** Cross-validates the library (accuracy, confusion, per-entry spread, FDR, nearest confuser). */
  'library:validate': {
    input: z.object({ folds: z.number().int().min(2).max(20).default(5) }).strict(),
    output: LibraryValidationSchema,
  },

  /**
   * Attributes one evidence item against the library: re-verifies its hash first (a mismatch
   * refuses the analysis), stores the result with the pack and library versions, audits it.
   */
  'analysis:attribute': { input: z.object({ evidenceId: Id }).strict(), output: AttributionResultSchema },
  /** Stored attribution results of an evidence item, newest first. */
  'analysis:results': { input: z.object({ evidenceId: Id }).strict(), output: z.array(AttributionResultSchema) },
  /**
   * Starts a background job attributing every item of a case (or the listed ones), one at a time,
   * each exactly as `analysis:attribute` does. Items with a result for the current pack, library
   * and model are skipped unless `force`; a failing item is recorded and the job goes on.
   * Progress comes as `analysis:progress`, the end as `analysis:finished`; cancel with `jobs:cancel`.
   * Refused at once (VALIDATION) while the library has references for fewer than two generators,
   * and (CONFLICT) while an attribution of the same case is running.
   */
  'analysis:attributeCase': { input: AttributeCaseInputSchema, output: z.object({ jobId: Id }) },
  /** State of a case attribution job (for a window that missed its events). */
  'analysis:job': { input: z.object({ jobId: Id }).strict(), output: AttributionJobSchema },
  /** The newest stored attribution of every evidence item of a case (null when never analysed). */
  'analysis:latestByCase': { input: z.object({ caseId: Id }).strict(), output: z.array(LatestAttributionSchema) },

  /** Workstation settings (examiner name used as audit actor, import limits). */
  'settings:get': { input: z.object({}).strict(), output: SettingsSchema },
  'settings:update': { input: SettingsSchema.partial().strict(), output: SettingsSchema },
} as const;

/** Events pushed from the main process to every renderer. */
export const eventContract = {
  /** A job advanced; `result` is the outcome of the file just finished, if any. */
  'jobs:progress': z.object({
    jobId: Id,
    caseId: Id,
    total: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    current: z.string().nullable(),
    result: ImportFileResultSchema.optional(),
  }),
  /** A job ended (completed, cancelled or failed); carries its final state. */
  'jobs:finished': JobSchema,
  /** A case attribution job advanced; `outcome` is what happened to the item just finished. */
  'analysis:progress': AttributionProgressSchema,
  /** A case attribution job ended; carries its final state. */
  'analysis:finished': AttributionJobSchema,
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeChannel = keyof InvokeContract;
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeContract[C]['input']>;
export type InvokeParsedInput<C extends InvokeChannel> = z.output<InvokeContract[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<InvokeContract[C]['output']>;

export type EventContract = typeof eventContract;
export type EventChannel = keyof EventContract;
export type EventPayload<E extends EventChannel> = z.output<EventContract[E]>;

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const eventChannels = Object.keys(eventContract) as EventChannel[];

export function isInvokeChannel(name: string): name is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeContract, name);
}

/** Handlers implementing the whole contract; both front doors dispatch to one such object. */
export type ContractHandlers = {
  [C in InvokeChannel]: (input: InvokeParsedInput<C>) => Promise<InvokeOutput<C>> | InvokeOutput<C>;
};

/** Result envelope used on the wire so errors survive IPC/HTTP intact. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: import('./errors.js').SerializedError };
