import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Case, NewCase } from '@contract/schemas';
import { useApi } from '../api/client';
import { useNotificationsStore, userMessage } from './notifications';

/** Case list (server-side search), the case being viewed, and case creation. */
export const useCasesStore = defineStore('cases', () => {
  const api = useApi();
  const cases = ref<Case[]>([]);
  const search = ref('');
  const loading = ref(false);
  const loaded = ref(false);
  const current = ref<Case | null>(null);
  /** Why the case in the address could not be opened (e.g. it does not exist). */
  const currentError = ref<string | null>(null);
  let listRequest = 0;

  async function loadList(): Promise<void> {
    const request = ++listRequest;
    loading.value = true;
    try {
      const term = search.value.trim();
      const result = await api.invoke('cases:list', term ? { search: term } : {});
      // A slower answer to an older search must not overwrite a newer one.
      if (request === listRequest) {
        cases.value = result;
        loaded.value = true;
      }
    } catch (error) {
      useNotificationsStore().error(error);
    } finally {
      if (request === listRequest) loading.value = false;
    }
  }

  async function setSearch(term: string): Promise<void> {
    search.value = term;
    await loadList();
  }

  /** Creates a case; errors are rethrown so the dialog can show them next to the form. */
  async function create(input: NewCase): Promise<Case> {
    const created = await api.invoke('cases:create', input);
    useNotificationsStore().info(`Case ${created.number} opened.`);
    await loadList();
    return created;
  }

  async function open(caseId: string): Promise<void> {
    // Opened from the list: show its row at once (no placeholder flash), then the fresh copy.
    if (current.value?.id !== caseId) current.value = cases.value.find((listed) => listed.id === caseId) ?? null;
    currentError.value = null;
    try {
      current.value = await api.invoke('cases:get', { caseId });
    } catch (error) {
      currentError.value = userMessage(error);
      useNotificationsStore().error(error);
    }
  }

  return { cases, search, loading, loaded, current, currentError, loadList, setSearch, create, open };
});
