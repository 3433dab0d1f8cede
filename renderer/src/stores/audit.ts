import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AuditEntry, AuditVerification } from '@contract/schemas';
import { useApi } from '../api/client';
import { useNotificationsStore } from './notifications';

const PAGE = 5000;

/** The hash-chained audit log of the open case and its verification. */
export const useAuditStore = defineStore('audit', () => {
  const api = useApi();
  const caseId = ref<string | null>(null);
  const entries = ref<AuditEntry[]>([]);
  const loading = ref(false);
  const verification = ref<AuditVerification | null>(null);
  const verifying = ref(false);

  async function load(forCase: string): Promise<void> {
    if (caseId.value !== forCase) {
      entries.value = [];
      verification.value = null;
    }
    caseId.value = forCase;
    loading.value = true;
    try {
      const all: AuditEntry[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await api.invoke('audit:list', { caseId: forCase, limit: PAGE, offset });
        all.push(...page);
        if (page.length < PAGE) break;
      }
      if (caseId.value === forCase) entries.value = all;
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      loading.value = false;
    }
  }

  async function verify(): Promise<void> {
    if (!caseId.value) return;
    verifying.value = true;
    try {
      verification.value = await api.invoke('audit:verify', { caseId: caseId.value });
      // Verifying is itself audited on some builds; show the log as it now stands.
      await load(caseId.value);
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      verifying.value = false;
    }
  }

  return { caseId, entries, loading, verification, verifying, load, verify };
});
