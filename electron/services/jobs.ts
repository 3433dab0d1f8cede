import { randomUUID } from 'node:crypto';
import type { AttributionItemOutcome, AttributionJob } from '../contract/analysis-schemas.js';
import { CausalPrintError } from '../contract/errors.js';
import type { ImportFileResult, Job } from '../contract/schemas.js';
import type { EventSink } from './app-context-types.js';

/** The work of one job: produce the items, then handle one at a time. */
export interface JobWork<T, R> {
  /** Lists what the job will handle (walks folders, reads an upload area, lists a case's evidence). */
  list(signal: AbortSignal): Promise<T[]>;
  nameOf(item: T): string;
  /** Handles one item; a thrown error fails the whole job, so per-item failures are results. */
  runOne(item: T, signal: AbortSignal): Promise<R>;
  /** Runs whatever happened (completed, cancelled, failed), e.g. to delete an upload's staging area. */
  cleanup?(): Promise<void>;
}

/** The work of one import job (the import's name for `runOne` is `importOne`). */
export interface ImportWork<T> extends Omit<JobWork<T, ImportFileResult>, 'runOne'> {
  importOne(item: T, signal: AbortSignal): Promise<ImportFileResult>;
}

/** The final state of each kind of job, as `jobs:get` / `analysis:job` return it. */
export interface JobStates {
  'evidence-import': Job;
  'case-attribution': AttributionJob;
}
export type JobKindName = keyof JobStates;

/** How one kind of job keeps its summary and announces itself. */
interface JobKind<K extends JobKindName, R> {
  kind: K;
  emptySummary(): JobStates[K]['summary'];
  record(summary: JobStates[K]['summary'], result: R): void;
  progress(emit: EventSink, state: JobStates[K], result?: R): void;
  finished(emit: EventSink, state: JobStates[K]): void;
}

const importKind: JobKind<'evidence-import', ImportFileResult> = {
  kind: 'evidence-import',
  emptySummary: () => ({ imported: 0, duplicates: 0, rejected: 0, results: [] }),
  record(summary, result) {
    summary.results.push(result);
    if (result.status === 'imported') summary.imported++;
    else if (result.status === 'duplicate') summary.duplicates++;
    else summary.rejected++;
  },
  progress: (emit, s, result) =>
    emit('jobs:progress', { jobId: s.id, caseId: s.caseId, total: s.total, done: s.done, current: s.current, ...(result ? { result } : {}) }),
  finished: (emit, s) => emit('jobs:finished', structuredClone(s)),
};

const attributionKind: JobKind<'case-attribution', AttributionItemOutcome> = {
  kind: 'case-attribution',
  emptySummary: () => ({ attributed: 0, skipped: 0, failed: 0, results: [] }),
  record(summary, outcome) {
    summary.results.push(outcome);
    summary[outcome.status]++;
  },
  progress: (emit, s, outcome) =>
    emit('analysis:progress', { jobId: s.id, caseId: s.caseId, total: s.total, done: s.done, current: s.current, ...(outcome ? { outcome } : {}) }),
  finished: (emit, s) => emit('analysis:finished', structuredClone(s)),
};

/** Ended jobs kept for `jobs:get` (a window reopened after an import still finds its result). */
export const KEPT_FINISHED_JOBS = 100;

type AnyState = JobStates[JobKindName];

interface RunningJob {
  state: AnyState;
  controller: AbortController;
  finished: Promise<AnyState>;
}

/**
 * Background jobs (evidence imports, case attributions). `start…` returns at once; the job runs on
 * the event loop (file streams, sharp's and onnxruntime's thread pools do the heavy work), checks
 * for cancellation between items, and reports progress after each item and its end once
 * (`jobs:progress`/`jobs:finished` for imports, `analysis:progress`/`analysis:finished` for attributions).
 */
export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly emit: EventSink) {}

  startImport<T>(caseId: string, work: ImportWork<T>): string {
    const { importOne, ...rest } = work;
    return this.start(importKind, caseId, { ...rest, runOne: importOne });
  }

  startAttribution<T>(caseId: string, work: JobWork<T, AttributionItemOutcome>): string {
    return this.start(attributionKind, caseId, work);
  }

  /** State of a job of the given kind (default: an import); NOT_FOUND for unknown ids and other kinds. */
  get<K extends JobKindName = 'evidence-import'>(jobId: string, kind: K = 'evidence-import' as K): JobStates[K] {
    return structuredClone(this.find(jobId, kind).state as JobStates[K]);
  }

  /** The running job of this kind for a case, if any (one case attribution at a time). */
  runningFor(caseId: string, kind: JobKindName): string | null {
    for (const [id, job] of this.jobs) if (job.state.caseId === caseId && job.state.kind === kind && job.state.status === 'running') return id;
    return null;
  }

  /** Asks a running job (of any kind) to stop after the current item; false when it already ended. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new CausalPrintError('NOT_FOUND', `No job with id ${jobId}.`);
    if (job.state.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Resolves with the final state once the job has ended. */
  async wait<K extends JobKindName = 'evidence-import'>(jobId: string, kind: K = 'evidence-import' as K): Promise<JobStates[K]> {
    return (await this.find(jobId, kind).finished) as JobStates[K];
  }

  /** Cancels every running job and waits for all of them to end. */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) if (job.state.status === 'running') job.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.finished));
  }

  private find(jobId: string, kind: JobKindName): RunningJob {
    const job = this.jobs.get(jobId);
    if (!job || job.state.kind !== kind) throw new CausalPrintError('NOT_FOUND', `No ${describeKind(kind)} job with id ${jobId}.`);
    return job;
  }

  private start<K extends JobKindName, T, R>(spec: JobKind<K, R>, caseId: string, work: JobWork<T, R>): string {
    const id = randomUUID();
    const controller = new AbortController();
    const state = {
      id,
      kind: spec.kind,
      caseId,
      status: 'running',
      total: 0,
      done: 0,
      current: null,
      summary: spec.emptySummary(),
      error: null,
    } as JobStates[K];
    // Deferred so the caller gets the id (and can subscribe) before the first event.
    const finished = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(spec, state, controller.signal, work));
    this.jobs.set(id, { state, controller, finished });
    return id;
  }

  private async run<K extends JobKindName, T, R>(spec: JobKind<K, R>, state: JobStates[K], signal: AbortSignal, work: JobWork<T, R>): Promise<JobStates[K]> {
    try {
      const items = await work.list(signal);
      state.total = items.length;
      state.current = items[0] ? work.nameOf(items[0]) : null;
      spec.progress(this.emit, state);
      for (const [index, item] of items.entries()) {
        signal.throwIfAborted();
        state.current = work.nameOf(item);
        const result = await work.runOne(item, signal);
        spec.record(state.summary, result);
        state.done = index + 1;
        state.current = items[index + 1] ? work.nameOf(items[index + 1]!) : null;
        spec.progress(this.emit, state, result);
      }
      state.status = 'completed';
    } catch (error) {
      if (signal.aborted) state.status = 'cancelled';
      else {
        state.status = 'failed';
        state.error = error instanceof Error ? error.message : String(error);
      }
    }
    state.current = null;
    if (work.cleanup) {
      try {
        await work.cleanup();
      } catch (error) {
        state.error = `${state.error ? `${state.error}; ` : ''}cleanup failed: ${(error as Error).message}`;
      }
    }
    spec.finished(this.emit, state);
    this.forgetOldFinished();
    return structuredClone(state);
  }

  /** A long-running server must not keep every job it ever ran; the oldest ended ones go first. */
  private forgetOldFinished(): void {
    const ended = [...this.jobs.entries()].filter(([, job]) => job.state.status !== 'running');
    for (const [id] of ended.slice(0, Math.max(0, ended.length - KEPT_FINISHED_JOBS))) this.jobs.delete(id);
  }
}

function describeKind(kind: JobKindName): string {
  return kind === 'evidence-import' ? 'import' : 'case attribution';
}
