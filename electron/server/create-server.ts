import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { CausalPrintError } from '../contract/errors.js';
import type { AppContext } from '../services/app-context-types.js';
import { deny, generateAccessToken, installAccessControl } from './access-control.js';
import { registerApiRoutes } from './api-routes.js';
import { registerEvidenceRoute } from './evidence-route.js';
import { securityHeaders } from './security-headers.js';
import { registerStaticFiles } from './static-files.js';
import { registerUploadRoute } from './upload-route.js';

/** The only interface the local server ever binds. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Options for {@link createServer}. */
export interface ServerOptions {
  ctx: AppContext;
  /** Directory of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Accepted only to refuse it loudly: anything but 127.0.0.1 throws. */
  host?: string;
  /** Fastify request logging (off by default: tokens must not end up in logs). */
  logger?: boolean;
}

/** A configured, not yet listening local server. */
export interface LocalServer {
  readonly app: FastifyInstance;
  /** Per-run secret required on every request. */
  readonly token: string;
  /** Starts listening on 127.0.0.1; resolves to the URL that carries the token. */
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/**
 * Builds the local server over an AppContext: the renderer's static files, the contract at
 * `/api/invoke/:channel`, events over SSE, uploads and evidence pixels — all behind the
 * per-run token, Host check and security headers. Routes follow `httpRoutes` in the contract.
 */
export async function createServer(options: ServerOptions): Promise<LocalServer> {
  if (options.host !== undefined && options.host !== LOOPBACK_HOST) {
    throw new CausalPrintError('FORBIDDEN', `The local server only binds ${LOOPBACK_HOST}; refusing host "${options.host}".`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CausalPrintError('VALIDATION', `Port must be an integer between 0 and 65535, got ${String(options.port)}.`);
  }

  const token = generateAccessToken();
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  // Before listen() the port is the requested one, so fastify.inject() works in tests.
  const boundPort = (): number | undefined => (app.server.address() as AddressInfo | null)?.port ?? (port === 0 ? undefined : port);

  await app.register(fastifyCookie);
  installAccessControl(app, { token, port: boundPort });
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders())) reply.header(name, value);
    return payload;
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(error);
      return deny(reply, 500, 'INTERNAL', 'Unexpected internal error in the local server.');
    }
    return deny(reply, status, 'VALIDATION', `Bad request: ${error.message}`);
  });

  registerApiRoutes(app, options.ctx);
  registerUploadRoute(app, options.ctx);
  registerEvidenceRoute(app, options.ctx);
  await registerStaticFiles(app, options.rendererDir);

  return {
    app,
    token,
    async listen() {
      await app.listen({ host: LOOPBACK_HOST, port });
      const actual = boundPort();
      if (actual === undefined) throw new CausalPrintError('INTERNAL', 'The local server did not report its port.');
      return { port: actual, url: `http://${LOOPBACK_HOST}:${actual}/?token=${token}` };
    },
    close: () => app.close(),
  };
}
