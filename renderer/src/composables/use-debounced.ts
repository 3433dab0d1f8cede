import { onBeforeUnmount } from 'vue';

/** Wraps `fn` so it runs once, `delayMs` after the last call (e.g. search as you type). */
export function useDebounced<A extends unknown[]>(fn: (...args: A) => void, delayMs: number): (...args: A) => void {
  let timer: number | undefined;
  onBeforeUnmount(() => window.clearTimeout(timer));
  return (...args: A) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), delayMs);
  };
}
