import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Evidence, EvidenceDetail } from '@contract/schemas';
import { useApi, type EvidenceAsset } from '../api/client';
import { useNotificationsStore } from './notifications';

/** Evidence of the open case, the item shown in the side panel, and integrity checks. */
export const useEvidenceStore = defineStore('evidence', () => {
  const api = useApi();
  const caseId = ref<string | null>(null);
  const items = ref<Evidence[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const verifying = ref(false);
  const selectedId = ref<string | null>(null);
  const detail = ref<EvidenceDetail | null>(null);
  const detailLoading = ref(false);

  const selected = computed(() => items.value.find((item) => item.id === selectedId.value) ?? null);
  const problemCount = computed(() => items.value.filter((item) => item.integrity === 'mismatch' || item.integrity === 'missing').length);

  async function load(forCase: string): Promise<void> {
    if (caseId.value !== forCase) {
      items.value = [];
      loaded.value = false;
      close();
    }
    caseId.value = forCase;
    loading.value = true;
    try {
      const result = await api.invoke('evidence:list', { caseId: forCase });
      if (caseId.value === forCase) {
        items.value = result;
        loaded.value = true;
      }
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    if (caseId.value) await load(caseId.value);
  }

  /** Opens the side panel; the main process re-hashes the vault copy first (audited). */
  async function select(evidenceId: string): Promise<void> {
    selectedId.value = evidenceId;
    detail.value = null;
    detailLoading.value = true;
    try {
      const opened = await api.invoke('evidence:open', { evidenceId });
      if (selectedId.value !== evidenceId) return;
      detail.value = opened;
      // The grid shows the fresh verification too.
      items.value = items.value.map((item) => (item.id === opened.id ? stripMetadata(opened) : item));
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      if (selectedId.value === evidenceId) detailLoading.value = false;
    }
  }

  function close(): void {
    selectedId.value = null;
    detail.value = null;
  }

  async function verifyAll(): Promise<void> {
    if (!caseId.value) return;
    verifying.value = true;
    try {
      items.value = await api.invoke('evidence:verifyAll', { caseId: caseId.value });
      const bad = problemCount.value;
      if (bad > 0) useNotificationsStore().alert(`Integrity problem: ${bad} of ${items.value.length} item${items.value.length === 1 ? '' : 's'} failed verification (changed since intake or missing).`);
      else useNotificationsStore().info(`All ${items.value.length} items verified: hashes match intake.`);
      if (selectedId.value) await select(selectedId.value);
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      verifying.value = false;
    }
  }

  const imageUrl = (evidenceId: string, asset: EvidenceAsset): string => api.evidenceUrl(evidenceId, asset);

  return { caseId, items, loading, loaded, verifying, selectedId, selected, detail, detailLoading, problemCount, load, reload, select, close, verifyAll, imageUrl };
});

function stripMetadata(detail: EvidenceDetail): Evidence {
  const { metadata: _metadata, ...evidence } = detail;
  return evidence;
}
