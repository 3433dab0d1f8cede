import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpRoutes } from '../contract/api-types.js';
import type { SerializedError } from '../contract/errors.js';

/** A fresh per-run access token: 32 random bytes, base64url (43 characters). */
export function generateAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a presented token with the expected one in constant time. Both sides are hashed
 * first so the comparison length never depends on what the client sent.
 */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/** Options for {@link installAccessControl}. */
export interface AccessControlOptions {
  token: string;
  /** The port actually bound (read lazily: it is only known after `listen`). */
  port: () => number | undefined;
}

const BEARER = /^Bearer\s+(\S+)$/i;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Gatekeeping for every request, static files included, in this order:
 * 1. `Host` must be `127.0.0.1:<port>` or `localhost:<port>` — a DNS-rebinding page on another
 *    name cannot talk to us even from the analyst's own browser;
 * 2. state-changing methods with an `Origin` must come from our own origin (CSRF);
 * 3. the per-run token, from the `causalprint_token` cookie or `Authorization: Bearer`.
 *    `GET /?token=T` with the right token trades it for the cookie and redirects to `/`, so the
 *    token does not linger in the address bar or in history.
 */
export function installAccessControl(app: FastifyInstance, options: AccessControlOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const port = options.port();
    const allowedHosts = port === undefined ? [] : [`127.0.0.1:${port}`, `localhost:${port}`];
    const host = request.headers.host?.toLowerCase();
    if (host === undefined || !allowedHosts.includes(host)) {
      return deny(reply, 403, 'FORBIDDEN', 'This server only answers requests addressed to 127.0.0.1 or localhost on its own port.');
    }

    const origin = request.headers.origin;
    if (UNSAFE_METHODS.has(request.method) && origin !== undefined && origin !== `http://${host}`) {
      return deny(reply, 403, 'FORBIDDEN', 'Cross-origin requests are not accepted.');
    }

    const url = new URL(request.url, `http://${host}`);
    const queryToken = url.searchParams.get(httpRoutes.tokenQuery);
    if (request.method === 'GET' && url.pathname === '/' && queryToken !== null) {
      if (!tokensMatch(options.token, queryToken)) {
        return deny(reply, 401, 'FORBIDDEN', 'Wrong access token. Open the exact URL printed when the server started.');
      }
      // Strict + HttpOnly: scripts cannot read it and other sites cannot make the browser send it.
      reply.setCookie(httpRoutes.tokenCookie, options.token, { httpOnly: true, sameSite: 'strict', path: '/' });
      return reply.redirect('/', 303);
    }

    if (!tokensMatch(options.token, presentedToken(request))) {
      return deny(reply, 401, 'FORBIDDEN', 'Missing or wrong access token. Open the URL printed when the server started (it carries the token).');
    }
  });
}

function presentedToken(request: FastifyRequest): string | undefined {
  const bearer = BEARER.exec(request.headers.authorization ?? '');
  if (bearer) return bearer[1];
  return request.cookies[httpRoutes.tokenCookie];
}

/** Answers a rejected request with an error envelope, the same shape the client reads everywhere. */
export function deny(reply: FastifyReply, status: number, code: SerializedError['code'], message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ ok: false, error: { code, message } });
}
