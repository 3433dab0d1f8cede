import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AttributionBrief, AttributionItemOutcome, AttributionJob } from '@contract/analysis-schemas';
import type { AttributionResult } from '@contract/library-schemas';
import { CausalPrintError } from '@contract/errors';
import { useApi } from '../api/client';
import { useNotificationsStore, userMessage } from './notifications';

/**
 * Attribution of the evidence item shown in the side panel: the stored results (newest first),
 * a running attribution, and the error of the last attempt. Errors stay in the card (they are
 * findings, e.g. an integrity refusal), not only in a toast.
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const api = useApi();
  const evidenceId = ref<string | null>(null);
  const results = ref<AttributionResult[]>([]);
  const loading = ref(false);
  const attributing = ref(false);
  const error = ref<string | null>(null);
  const errorCode = ref<string | null>(null);
  /** Which stored result the card shows; null means the newest. */
  const shownId = ref<string | null>(null);

  const shown = computed(() => results.value.find((result) => result.id === shownId.value) ?? results.value[0] ?? null);

  function clearError(): void {
    error.value = null;
    errorCode.value = null;
  }

  function setError(failure: unknown): void {
    error.value = userMessage(failure);
    errorCode.value = typeof failure === 'object' && failure !== null && 'code' in failure ? String((failure as { code: unknown }).code) : null;
  }

  /** Loads the stored results of an item (switching items clears what was shown). */
  async function load(forEvidence: string): Promise<void> {
    if (evidenceId.value !== forEvidence) {
      results.value = [];
      shownId.value = null;
      clearError();
    }
    evidenceId.value = forEvidence;
    loading.value = true;
    try {
      const stored = await api.invoke('analysis:results', { evidenceId: forEvidence });
      if (evidenceId.value === forEvidence) results.value = stored;
    } catch (failure) {
      if (evidenceId.value === forEvidence) setError(failure);
    } finally {
      if (evidenceId.value === forEvidence) loading.value = false;
    }
  }

  /** Runs an attribution; the new result goes first and is shown. */
  async function attribute(): Promise<AttributionResult | null> {
    const forEvidence = evidenceId.value;
    if (!forEvidence || attributing.value) return null;
    attributing.value = true;
    clearError();
    try {
      const result = await api.invoke('analysis:attribute', { evidenceId: forEvidence });
      if (evidenceId.value !== forEvidence) return result;
      results.value = [result, ...results.value.filter((stored) => stored.id !== result.id)];
      shownId.value = result.id;
      useCaseAnalysisStore().noteResult(result);
      return result;
    } catch (failure) {
      if (evidenceId.value === forEvidence) setError(failure);
      return null;
    } finally {
      attributing.value = false;
    }
  }

  function show(resultId: string): void {
    shownId.value = resultId;
  }

  function reset(): void {
    evidenceId.value = null;
    results.value = [];
    shownId.value = null;
    attributing.value = false;
    clearError();
  }

  return { evidenceId, results, loading, attributing, error, errorCode, shown, shownId, load, attribute, show, reset };
});

/** How far the case's "Attribute all" job has got. */
export type BatchPhase = 'idle' | 'starting' | 'running' | 'finished';

interface BatchState {
  caseId: string | null;
  jobId: string | null;
  phase: BatchPhase;
  total: number;
  done: number;
  current: string | null;
  outcomes: AttributionItemOutcome[];
  job: AttributionJob | null;
  error: string | null;
  /** Code of a refusal to start (VALIDATION: the library cannot attribute yet; CONFLICT: already running). */
  errorCode: string | null;
  cancelRequested: boolean;
}

const POLL_MS = 2000;

const idleBatch = (): BatchState => ({
  caseId: null,
  jobId: null,
  phase: 'idle',
  total: 0,
  done: 0,
  current: null,
  outcomes: [],
  job: null,
  error: null,
  errorCode: null,
  cancelRequested: false,
});

/**
 * Attribution at case level: each item's newest result for the evidence grid, and the "Attribute
 * all" background job (progress from `analysis:progress`, the end from `analysis:finished`, with a
 * slow poll of `analysis:job` in case the event stream dropped). Each finished item updates its
 * grid cell at once and refreshes the side panel's card when it is the item shown there.
 */
export const useCaseAnalysisStore = defineStore('case-analysis', () => {
  const api = useApi();
  const caseId = ref<string | null>(null);
  const latest = ref<Record<string, AttributionBrief | null>>({});
  const loaded = ref(false);
  const batch = ref<BatchState>(idleBatch());
  let pollTimer: number | undefined;

  const busy = computed(() => batch.value.phase === 'starting' || batch.value.phase === 'running');
  /** Items whose last batch attempt failed, with the reason (shown in the grid until a result exists). */
  const failures = computed(() => {
    const out: Record<string, string> = {};
    if (batch.value.caseId !== caseId.value) return out;
    for (const outcome of batch.value.outcomes) if (outcome.status === 'failed') out[outcome.evidenceId] = outcome.reason ?? 'The analysis failed.';
    return out;
  });
  const summary = computed(() => {
    const counts = { attributed: 0, skipped: 0, failed: 0 };
    for (const outcome of batch.value.outcomes) counts[outcome.status]++;
    return counts;
  });

  /** Is this event about the batch we are running (or about to know the id of)? */
  function isOurs(jobId: string, forCase: string): boolean {
    if (batch.value.jobId !== null) return batch.value.jobId === jobId;
    return batch.value.phase === 'starting' && batch.value.caseId === forCase;
  }

  api.on('analysis:progress', (progress) => {
    if (!isOurs(progress.jobId, progress.caseId) || batch.value.phase === 'finished') return;
    batch.value.jobId = progress.jobId;
    batch.value.total = progress.total;
    batch.value.done = Math.max(batch.value.done, progress.done);
    batch.value.current = progress.current;
    if (progress.outcome) {
      batch.value.outcomes.push(progress.outcome);
      applyOutcome(progress.outcome);
    }
  });
  api.on('analysis:finished', (job) => {
    if (isOurs(job.id, job.caseId)) finish(job);
  });

  /** Loads the newest result of every item of a case (switching cases clears the old ones). */
  async function loadLatest(forCase: string): Promise<void> {
    if (caseId.value !== forCase) {
      latest.value = {};
      loaded.value = false;
    }
    caseId.value = forCase;
    try {
      const rows = await api.invoke('analysis:latestByCase', { caseId: forCase });
      if (caseId.value !== forCase) return;
      latest.value = Object.fromEntries(rows.map((row) => [row.evidenceId, row.latest]));
      loaded.value = true;
    } catch (failure) {
      if (caseId.value === forCase) useNotificationsStore().error(failure);
    }
  }

  /** Starts attributing every item of the case; `force` re-analyses items whose result is current. */
  async function attributeAll(forCase: string, force = false): Promise<void> {
    if (busy.value) return;
    stopPolling();
    batch.value = { ...idleBatch(), caseId: forCase, phase: 'starting' };
    try {
      const { jobId } = await api.invoke('analysis:attributeCase', { caseId: forCase, force });
      if (batch.value.caseId !== forCase) return;
      batch.value.jobId = jobId;
      if (batch.value.phase === 'starting') batch.value.phase = 'running';
      if (batch.value.phase === 'running') startPolling();
    } catch (failure) {
      if (batch.value.caseId !== forCase) return;
      batch.value.phase = 'finished';
      batch.value.error = userMessage(failure);
      batch.value.errorCode = failure instanceof CausalPrintError ? failure.code : null;
    }
  }

  async function cancel(): Promise<void> {
    batch.value.cancelRequested = true;
    if (!batch.value.jobId || !busy.value) return;
    try {
      await api.invoke('jobs:cancel', { jobId: batch.value.jobId });
    } catch (failure) {
      useNotificationsStore().error(failure);
    }
  }

  /** Hides a finished batch's summary. */
  function dismiss(): void {
    if (!busy.value) batch.value = idleBatch();
  }

  function applyOutcome(outcome: AttributionItemOutcome): void {
    if (outcome.result && batch.value.caseId === caseId.value) latest.value = { ...latest.value, [outcome.evidenceId]: outcome.result };
    const item = useAnalysisStore();
    if (outcome.status === 'attributed' && item.evidenceId === outcome.evidenceId) void item.load(outcome.evidenceId);
  }

  function finish(job: AttributionJob): void {
    stopPolling();
    if (batch.value.phase === 'finished') return;
    const seen = new Set(batch.value.outcomes.map((outcome) => outcome.evidenceId));
    for (const outcome of job.summary.results) if (!seen.has(outcome.evidenceId)) applyOutcome(outcome);
    batch.value = {
      ...batch.value,
      jobId: job.id,
      phase: 'finished',
      total: job.total,
      done: job.done,
      current: null,
      outcomes: job.summary.results,
      job,
      error: job.status === 'failed' ? (job.error ?? 'The attribution job failed.') : null,
    };
  }

  function startPolling(): void {
    stopPolling();
    pollTimer = window.setInterval(() => void poll(), POLL_MS);
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) window.clearInterval(pollTimer);
    pollTimer = undefined;
  }

  async function poll(): Promise<void> {
    const id = batch.value.jobId;
    if (!id || batch.value.phase !== 'running') return;
    try {
      const state = await api.invoke('analysis:job', { jobId: id });
      if (id !== batch.value.jobId || batch.value.phase !== 'running') return;
      if (state.status === 'running') batch.value.done = Math.max(batch.value.done, state.done);
      else finish(state);
    } catch {
      // The event stream still carries progress; a failed poll is not worth a toast.
    }
  }

  /** A result made outside the batch (the panel's Attribute button) becomes the item's newest. */
  function noteResult(result: AttributionResult): void {
    if (!(result.evidenceId in latest.value)) return;
    latest.value = { ...latest.value, [result.evidenceId]: briefOf(result) };
    batch.value.outcomes = batch.value.outcomes.filter((outcome) => outcome.evidenceId !== result.evidenceId || outcome.status !== 'failed');
  }

  return { caseId, latest, loaded, batch, busy, failures, summary, loadLatest, attributeAll, cancel, dismiss, noteResult };
});

/** The grid's gist of a full result (the same fields the workstation's `analysis:latestByCase` sends). */
function briefOf(result: AttributionResult): AttributionBrief {
  const top = result.ranked[0];
  return {
    resultId: result.id,
    createdAt: result.createdAt,
    packId: result.packId,
    packVersion: result.packVersion,
    libraryHash: result.libraryHash,
    modelHash: result.modelHash,
    unknown: result.unknown,
    topGeneratorKey: top?.generatorKey ?? null,
    probability: top?.probability ?? null,
    notes: result.notes,
  };
}
