import { defineStore } from 'pinia';
import { ref } from 'vue';
import { CausalPrintError } from '@contract/errors';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

const INFO_MS = 4000;
const ERROR_MS = 12000;
const MAX_TOASTS = 4;

/** Toasts: errors keep the exact user-facing message of the CausalPrintError that caused them. */
export const useNotificationsStore = defineStore('notifications', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  // One error toast at a time (the newest): several requests failing for one cause (e.g. a
  // case that does not exist) say it once, and the message on screen is always the latest.
  function push(kind: Toast['kind'], message: string): void {
    const id = nextId++;
    const kept = toasts.value.filter((toast) => toast.kind !== kind || (kind === 'info' && toast.message !== message));
    toasts.value = [...kept.slice(-(MAX_TOASTS - 1)), { id, kind, message }];
    window.setTimeout(() => dismiss(id), kind === 'error' ? ERROR_MS : INFO_MS);
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  return {
    toasts,
    dismiss,
    info: (message: string) => push('info', message),
    error: (error: unknown) => push('error', userMessage(error)),
    /** An error toast with a sentence of our own (e.g. an integrity finding). */
    alert: (message: string) => push('error', message),
  };
});

/** The sentence to show for anything thrown. */
export function userMessage(error: unknown): string {
  if (error instanceof CausalPrintError) return error.message;
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
