import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EventPayload } from '@contract/contract';
import type { ImportFileResult, Job } from '@contract/schemas';
import { useApi, type UploadFile } from '../api/client';
import { useNotificationsStore } from './notifications';

export type ImportPhase = 'choosing' | 'uploading' | 'importing' | 'finished';

/** While a job runs, its state is also polled this often, in case the event stream drops. */
const POLL_MS = 1500;

/**
 * One import at a time: the files chosen, their upload (server mode), the background job's
 * progress from `jobs:progress`, and its final summary from `jobs:finished`.
 */
export const useImportsStore = defineStore('imports', () => {
  const api = useApi();
  const caseId = ref<string | null>(null);
  const selection = ref<UploadFile[]>([]);
  const phase = ref<ImportPhase>('choosing');
  const uploaded = ref(0);
  const jobId = ref<string | null>(null);
  const total = ref(0);
  const done = ref(0);
  const current = ref<string | null>(null);
  const liveResults = ref<ImportFileResult[]>([]);
  const job = ref<Job | null>(null);
  const error = ref<string | null>(null);
  const cancelRequested = ref(false);
  // Events can arrive before evidence:importUpload has answered with the job id.
  const early = new Map<string, { progress: EventPayload<'jobs:progress'>[]; finished?: Job }>();
  let pollTimer: number | undefined;

  const busy = computed(() => phase.value === 'uploading' || phase.value === 'importing');
  const results = computed(() => job.value?.summary.results ?? liveResults.value);

  api.on('jobs:progress', (payload) => {
    if (payload.jobId === jobId.value) applyProgress(payload);
    else if (jobId.value === null && busy.value) bufferFor(payload.jobId).progress.push(payload);
  });
  api.on('jobs:finished', (payload) => {
    if (payload.id === jobId.value) finish(payload);
    else if (jobId.value === null && busy.value) bufferFor(payload.id).finished = payload;
  });

  function bufferFor(id: string) {
    let entry = early.get(id);
    if (!entry) early.set(id, (entry = { progress: [] }));
    return entry;
  }

  function reset(forCase: string): void {
    stopPolling();
    caseId.value = forCase;
    selection.value = [];
    phase.value = 'choosing';
    uploaded.value = 0;
    jobId.value = null;
    total.value = 0;
    done.value = 0;
    current.value = null;
    liveResults.value = [];
    job.value = null;
    error.value = null;
    cancelRequested.value = false;
    early.clear();
  }

  function choose(files: readonly File[]): void {
    selection.value = files.map((file) => ({ file, name: file.webkitRelativePath || file.name }));
  }

  /** Server mode: upload the chosen files, then start the import job on them. */
  async function startUpload(): Promise<void> {
    if (!caseId.value || selection.value.length === 0 || busy.value) return;
    const forCase = caseId.value;
    phase.value = 'uploading';
    total.value = selection.value.length;
    try {
      const uploadId = await api.uploadFiles(selection.value, (sent) => {
        uploaded.value = sent;
        if (cancelRequested.value) throw new CancelledUpload();
      });
      adoptJob((await api.invoke('evidence:importUpload', { caseId: forCase, uploadId })).jobId);
    } catch (failure) {
      fail(failure);
    }
  }

  /** Desktop mode: the main process shows its own file dialog and starts the job. */
  async function startNative(mode: 'files' | 'folder'): Promise<void> {
    if (!caseId.value || busy.value) return;
    // Marked busy while the native dialog is open so that early job events are kept.
    phase.value = 'importing';
    try {
      const started = await api.invoke('evidence:chooseAndImport', { caseId: caseId.value, mode });
      if (started) adoptJob(started.jobId);
      else phase.value = 'choosing';
    } catch (failure) {
      fail(failure);
    }
  }

  function adoptJob(id: string): void {
    phase.value = 'importing';
    jobId.value = id;
    const buffered = early.get(id);
    early.clear();
    for (const progress of buffered?.progress ?? []) applyProgress(progress);
    if (buffered?.finished) return finish(buffered.finished);
    startPolling();
  }

  function applyProgress(progress: EventPayload<'jobs:progress'>): void {
    if (phase.value === 'finished') return;
    total.value = progress.total;
    done.value = Math.max(done.value, progress.done);
    current.value = progress.current;
    if (progress.result) liveResults.value = [...liveResults.value, progress.result];
  }

  function finish(finalJob: Job): void {
    stopPolling();
    job.value = finalJob;
    total.value = finalJob.total;
    done.value = finalJob.done;
    current.value = null;
    phase.value = 'finished';
    if (finalJob.status === 'failed') error.value = finalJob.error ?? 'The import failed.';
  }

  function startPolling(): void {
    stopPolling();
    pollTimer = window.setInterval(() => void poll(), POLL_MS);
    void poll();
  }

  function stopPolling(): void {
    if (pollTimer !== undefined) window.clearInterval(pollTimer);
    pollTimer = undefined;
  }

  async function poll(): Promise<void> {
    const id = jobId.value;
    if (!id) return;
    try {
      const state = await api.invoke('jobs:get', { jobId: id });
      if (id !== jobId.value || phase.value === 'finished') return;
      if (state.status === 'running') {
        total.value = state.total;
        done.value = Math.max(done.value, state.done);
      } else finish(state);
    } catch {
      // The event stream still carries progress; a failed poll is not worth a toast.
    }
  }

  async function cancel(): Promise<void> {
    cancelRequested.value = true;
    if (!jobId.value || phase.value !== 'importing') return;
    try {
      await api.invoke('jobs:cancel', { jobId: jobId.value });
    } catch (failure) {
      useNotificationsStore().error(failure);
    }
  }

  function fail(failure: unknown): void {
    stopPolling();
    phase.value = 'finished';
    if (failure instanceof CancelledUpload) {
      error.value = 'Import cancelled before any file was imported.';
      return;
    }
    useNotificationsStore().error(failure);
    error.value = failure instanceof Error ? failure.message : String(failure);
  }

  return {
    caseId, selection, phase, uploaded, jobId, total, done, current, results, job, error, busy, cancelRequested,
    reset, choose, startUpload, startNative, cancel,
  };
});

class CancelledUpload extends Error {
  constructor() {
    super('Upload cancelled');
  }
}
