import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AppInfo } from '@contract/schemas';
import { useApi } from '../api/client';
import { useNotificationsStore } from './notifications';

/** The running workstation: name, version, mode. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const api = useApi();

  /** "desktop" inside Electron, "server" in a browser. */
  const modeLabel = computed(() => (info.value ? (info.value.mode === 'electron' ? 'desktop' : 'server') : api.kind));

  async function load(): Promise<void> {
    try {
      info.value = await api.invoke('app:info', {});
    } catch (error) {
      useNotificationsStore().error(error);
    }
  }

  return { info, modeLabel, load };
});
