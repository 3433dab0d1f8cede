import { protocol } from 'electron';

/** Serves the built renderer, so the window never runs from `file://` (Electron checklist #18). */
export const APP_SCHEME = 'causalprint-app';
/** The host of every renderer URL: `causalprint-app://renderer/index.html`. */
export const APP_HOST = 'renderer';
/** Serves evidence pixels by id (contract: `PreloadApi.evidenceProtocol`). */
export const EVIDENCE_SCHEME = 'causalprint-evidence';

/**
 * Declares both custom schemes as standard + secure so they get a real origin, `'self'` in the
 * CSP means something, and fetch() works. Electron requires this before `app` is ready, and in
 * a single call (a second call replaces the first).
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    { scheme: EVIDENCE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
  ]);
}
