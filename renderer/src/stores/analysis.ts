import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AttributionResult } from '@contract/library-schemas';
import { useApi } from '../api/client';
import { userMessage } from './notifications';

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
