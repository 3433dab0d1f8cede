import { readonly, ref } from 'vue';

/** The screens the hash router knows. */
export type Route =
  | { name: 'cases' }
  | { name: 'case'; caseId: string; tab: 'evidence' | 'audit' }
  | { name: 'settings' }
  | { name: 'library' };

/** Parses `#/cases`, `#/cases/<id>`, `#/cases/<id>/audit`, `#/library`, `#/settings`; anything else is the case list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'settings') return { name: 'settings' };
  if (parts[0] === 'library') return { name: 'library' };
  if (parts[0] === 'cases' && parts[1]) return { name: 'case', caseId: parts[1], tab: parts[2] === 'audit' ? 'audit' : 'evidence' };
  return { name: 'cases' };
}

/** The hash for a route, inverse of {@link parseRoute}. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'cases':
      return '#/cases';
    case 'settings':
      return '#/settings';
    case 'library':
      return '#/library';
    case 'case':
      return `#/cases/${encodeURIComponent(route.caseId)}${route.tab === 'audit' ? '/audit' : ''}`;
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const current = ref<Route>(parseRoute(window.location.hash));
let listening = false;

/** A tiny hash router: the current route (reactive) and `navigate()`. */
export function useHashRoute() {
  if (!listening) {
    listening = true;
    window.addEventListener('hashchange', () => {
      current.value = parseRoute(window.location.hash);
    });
  }
  const navigate = (route: Route): void => {
    const hash = routeHash(route);
    if (window.location.hash === hash) current.value = parseRoute(hash);
    else window.location.hash = hash;
  };
  return { route: readonly(current), navigate };
}
