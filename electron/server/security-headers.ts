/**
 * Content-Security-Policy and the other response headers shared by both front doors that host
 * the renderer (the Electron window and the local server). Pure module: no electron, no fastify.
 */

/** Options for {@link buildContentSecurityPolicy}. */
export interface CspOptions {
  /** Extra `img-src` sources, e.g. the Electron evidence protocol `causalprint-evidence:`. */
  extraImgSources?: readonly string[];
  /** Extra `connect-src` sources (dev server websocket in Electron development). */
  extraConnectSources?: readonly string[];
  /** Extra `script-src` sources (the Vite dev server in Electron development). */
  extraScriptSources?: readonly string[];
}

/**
 * Builds the renderer's CSP. It starts from `default-src 'none'` so anything not listed is
 * refused; styles allow 'unsafe-inline' because Vue and component libraries set style
 * attributes, which is harmless once scripts are locked to 'self'.
 */
export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'", ...(options.extraScriptSources ?? [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...(options.extraImgSources ?? [])],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.extraConnectSources ?? [])],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Headers every local-server response carries, whatever route answered. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': buildContentSecurityPolicy(),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
