import { onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside `container`, closes on Escape, focuses the first field on open and gives
 * focus back to whatever had it before.
 */
export function useFocusTrap(container: Ref<HTMLElement | null>, onEscape: () => void): void {
  let previous: HTMLElement | null = null;

  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab' || !container.value) return;
    const focusable = [...container.value.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (!container.value.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    }
  };

  onMounted(() => {
    previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.addEventListener('keydown', onKeydown);
    const target = container.value?.querySelector<HTMLElement>('[autofocus], input:not([type=file]), textarea, button');
    target?.focus();
  });
  onBeforeUnmount(() => {
    document.removeEventListener('keydown', onKeydown);
    previous?.focus();
  });
}
