import { beforeAll, describe, expect, it, vi } from 'vitest';
import { installFakeWindow, loadRenderer } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));

type Route = { name: 'cases' } | { name: 'case'; caseId: string; tab: 'evidence' | 'audit' } | { name: 'settings' } | { name: 'library' };
interface RouteModule {
  parseRoute(hash: string): Route;
  routeHash(route: Route): string;
}

let r: RouteModule;
beforeAll(async () => {
  installFakeWindow('#/library');
  r = await loadRenderer<RouteModule>('composables/use-hash-route.ts');
});

const ID = '11111111-1111-4111-8111-111111111111';

describe('hash router', () => {
  it('parses every screen', () => {
    expect(r.parseRoute('#/cases')).toEqual({ name: 'cases' });
    expect(r.parseRoute(`#/cases/${ID}`)).toEqual({ name: 'case', caseId: ID, tab: 'evidence' });
    expect(r.parseRoute(`#/cases/${ID}/audit`)).toEqual({ name: 'case', caseId: ID, tab: 'audit' });
    expect(r.parseRoute('#/settings')).toEqual({ name: 'settings' });
    expect(r.parseRoute('#/library')).toEqual({ name: 'library' });
  });

  it('falls back to the case list for empty or unknown hashes, and to the evidence tab for unknown tabs', () => {
    expect(r.parseRoute('')).toEqual({ name: 'cases' });
    expect(r.parseRoute('#/')).toEqual({ name: 'cases' });
    expect(r.parseRoute('#/nowhere')).toEqual({ name: 'cases' });
    expect(r.parseRoute(`#/cases/${ID}/bogus`)).toEqual({ name: 'case', caseId: ID, tab: 'evidence' });
  });

  it('decodes percent-encoded ids and survives malformed encoding', () => {
    expect(r.parseRoute('#/cases/a%2Fb')).toEqual({ name: 'case', caseId: 'a/b', tab: 'evidence' });
    expect(r.parseRoute('#/cases/%E0%A4%A')).toEqual({ name: 'case', caseId: '%E0%A4%A', tab: 'evidence' });
  });

  it('formats hashes that parse back to the same route', () => {
    const routes: Route[] = [
      { name: 'cases' },
      { name: 'settings' },
      { name: 'library' },
      { name: 'case', caseId: ID, tab: 'evidence' },
      { name: 'case', caseId: ID, tab: 'audit' },
      { name: 'case', caseId: 'odd/id #1', tab: 'audit' },
    ];
    for (const route of routes) expect(r.parseRoute(r.routeHash(route))).toEqual(route);
    expect(r.routeHash({ name: 'case', caseId: ID, tab: 'evidence' })).toBe(`#/cases/${ID}`);
    expect(r.routeHash({ name: 'library' })).toBe('#/library');
  });
});
