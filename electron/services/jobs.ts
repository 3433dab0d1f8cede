import { randomUUID } from 'node:crypto';
import { CausalPrintError } from '../contract/errors.js';
import type { ImportFileResult, Job } from '../contract/schemas.js';
import type { EventSink } from './app-context-types.js';

/** The work of one import job: produce the entries, then handle one at a time. */
export interface ImportWork<T> {
  /** Lists what will be imported (walks folders, reads an upload area). */
  list(signal: AbortSignal): Promise<T[]>;
  nameOf(item: T): string;
  importOne(item: T, signal: AbortSignal): Promise<ImportFileResult>;
  /** Runs whatever happened (completed, cancelled, failed), e.g. to delete an upload's staging area. */
  cleanup?(): Promise<void>;
}

/** Ended jobs kept for `jobs:get` (a window reopened after an import still finds its result). */
export const KEPT_FINISHED_JOBS = 100;

interface RunningJob {
  state: Job;
  controller: AbortController;
  finished: Promise<Job>;
}

/**
 * Background jobs. `start` returns at once; the job runs on the event loop (file streams and
 * sharp's thread pool do the heavy work), checks for cancellation between files, and reports
 * `jobs:progress` after each file and `jobs:finished` once.
 */
export class JobManager {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(private readonly emit: EventSink) {}

  startImport<T>(caseId: string, work: ImportWork<T>): string {
    const id = randomUUID();
    const controller = new AbortController();
    const state: Job = {
      id,
      kind: 'evidence-import',
      caseId,
      status: 'running',
      total: 0,
      done: 0,
      current: null,
      summary: { imported: 0, duplicates: 0, rejected: 0, results: [] },
      error: null,
    };
    // Deferred so the caller gets the id (and can subscribe) before the first event.
    const finished = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(state, controller.signal, work));
    this.jobs.set(id, { state, controller, finished });
    return id;
  }

  get(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new CausalPrintError('NOT_FOUND', `No job with id ${jobId}.`);
    return structuredClone(job.state);
  }

  /** Asks a running job to stop after the current file; false when it already ended. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new CausalPrintError('NOT_FOUND', `No job with id ${jobId}.`);
    if (job.state.status !== 'running') return false;
    job.controller.abort();
    return true;
  }

  /** Resolves with the final state once the job has ended. */
  async wait(jobId: string): Promise<Job> {
    const job = this.jobs.get(jobId);
    if (!job) throw new CausalPrintError('NOT_FOUND', `No job with id ${jobId}.`);
    return job.finished;
  }

  /** Cancels every running job and waits for all of them to end. */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) if (job.state.status === 'running') job.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.finished));
  }

  private async run<T>(state: Job, signal: AbortSignal, work: ImportWork<T>): Promise<Job> {
    try {
      const items = await work.list(signal);
      state.total = items.length;
      state.current = items[0] ? work.nameOf(items[0]) : null;
      this.progress(state);
      for (const [index, item] of items.entries()) {
        signal.throwIfAborted();
        state.current = work.nameOf(item);
        const result = await work.importOne(item, signal);
        state.summary.results.push(result);
        if (result.status === 'imported') state.summary.imported++;
        else if (result.status === 'duplicate') state.summary.duplicates++;
        else state.summary.rejected++;
        state.done = index + 1;
        state.current = items[index + 1] ? work.nameOf(items[index + 1]!) : null;
        this.progress(state, result);
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
    this.emit('jobs:finished', structuredClone(state));
    this.forgetOldFinished();
    return structuredClone(state);
  }

  /** A long-running server must not keep every job it ever ran; the oldest ended ones go first. */
  private forgetOldFinished(): void {
    const ended = [...this.jobs.entries()].filter(([, job]) => job.state.status !== 'running');
    for (const [id] of ended.slice(0, Math.max(0, ended.length - KEPT_FINISHED_JOBS))) this.jobs.delete(id);
  }

  private progress(state: Job, result?: ImportFileResult): void {
    this.emit('jobs:progress', {
      jobId: state.id,
      caseId: state.caseId,
      total: state.total,
      done: state.done,
      current: state.current,
      ...(result ? { result } : {}),
    });
  }
}
