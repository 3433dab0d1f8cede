import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Settings } from '@contract/schemas';
import { useApi } from '../api/client';
import { useNotificationsStore } from './notifications';

/** Workstation settings: examiner name (audit actor) and import limits. */
export const useSettingsStore = defineStore('settings', () => {
  const api = useApi();
  const settings = ref<Settings | null>(null);
  const saving = ref(false);

  async function load(): Promise<void> {
    try {
      settings.value = await api.invoke('settings:get', {});
    } catch (error) {
      useNotificationsStore().error(error);
    }
  }

  /** Saves a change; returns false (with a toast) when the workstation refused it. */
  async function save(change: Partial<Settings>): Promise<boolean> {
    saving.value = true;
    try {
      settings.value = await api.invoke('settings:update', change);
      useNotificationsStore().info('Settings saved.');
      return true;
    } catch (error) {
      useNotificationsStore().error(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { settings, saving, load, save };
});
