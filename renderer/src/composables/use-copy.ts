import { ref, type Ref } from 'vue';

/** Copies text to the clipboard; `copied` is true for 1.5 s after a successful copy. */
export function useCopy(): { copied: Ref<boolean>; copy: (text: string | null) => Promise<void> } {
  const copied = ref(false);
  async function copy(text: string | null): Promise<void> {
    if (!text) return;
    try {
      await navigator.clipboard.writeText(text);
      copied.value = true;
      window.setTimeout(() => (copied.value = false), 1500);
    } catch {
      copied.value = false;
    }
  }
  return { copied, copy };
}
