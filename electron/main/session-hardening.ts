import { session } from 'electron';
import { ELECTRON_CSP } from './app-protocol.js';
import { devRendererUrl } from './trust.js';
import { buildContentSecurityPolicy } from '../server/security-headers.js';

/**
 * Session-wide defences: every permission request (camera, notifications, geolocation, …) is
 * refused, and in development the Vite server's pages get the CSP as a header too (production
 * pages carry it from the app protocol).
 */
export function hardenDefaultSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);

  const devUrl = devRendererUrl();
  const csp = devUrl
    ? // Vite's dev client needs its websocket for hot reload; development builds only.
      buildContentSecurityPolicy({
        extraImgSources: ['causalprint-evidence:'],
        extraConnectSources: [new URL(devUrl).origin.replace(/^http/, 'ws')],
      })
    : ELECTRON_CSP;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
