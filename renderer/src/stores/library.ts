import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { GeneratorEntry, LibraryOverview, LibraryValidationResult } from '@contract/library-schemas';
import type { InvokeInput } from '@contract/contract';
import { useApi } from '../api/client';
import { useNotificationsStore, userMessage } from './notifications';

/** The fingerprint library: its entries and hash, new entries, and cross-validation. */
export const useLibraryStore = defineStore('library', () => {
  const api = useApi();
  const overview = ref<LibraryOverview | null>(null);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  const validation = ref<LibraryValidationResult | null>(null);
  const validating = ref(false);
  const validationError = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      overview.value = await api.invoke('library:overview', {});
    } catch (error) {
      loadError.value = userMessage(error);
      useNotificationsStore().error(error);
    } finally {
      loading.value = false;
    }
  }

  /** Creates an entry; errors are rethrown so the dialog can show them next to the form. */
  async function createGenerator(input: InvokeInput<'library:createGenerator'>): Promise<GeneratorEntry> {
    const created = await api.invoke('library:createGenerator', input);
    useNotificationsStore().info(`Generator ${created.key} added to the library.`);
    await load();
    return created;
  }

  /** Cross-validates; a refusal (e.g. too few generators) is kept to show in the view. */
  async function validate(folds = 5): Promise<void> {
    validating.value = true;
    validationError.value = null;
    try {
      validation.value = await api.invoke('library:validate', { folds });
    } catch (error) {
      validationError.value = userMessage(error);
    } finally {
      validating.value = false;
    }
  }

  return { overview, loading, loadError, validation, validating, validationError, load, createGenerator, validate };
});
