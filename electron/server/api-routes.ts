import type { FastifyInstance } from 'fastify';
import { type EventChannel, eventChannels } from '../contract/contract.js';
import { dispatchInvoke } from '../contract/dispatch.js';
import type { AppContext } from '../services/app-context-types.js';
import { securityHeaders } from './security-headers.js';

/** How often an idle event stream gets a comment line, so proxies and browsers keep it open. */
const KEEP_ALIVE_MS = 15_000;

/**
 * `POST /api/invoke/:channel` and `GET /api/events`.
 *
 * Status policy: every request that reaches `dispatchInvoke` is answered `200` with the
 * envelope, success or handled error (VALIDATION, NOT_FOUND, CONFLICT, …); the envelope is the
 * answer. Non-2xx statuses mean the request never reached the contract (no token, bad Host,
 * unparsable JSON body, unknown route) and still carry an error envelope as the body.
 */
export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Open event streams would keep `close()` waiting forever; end them when the server stops.
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of [...openStreams]) stop();
  });

  app.post<{ Params: { channel: string } }>('/api/invoke/:channel', async (request, reply) => {
    const envelope = await dispatchInvoke(ctx.handlers, request.params.channel, request.body);
    if (!envelope.ok && envelope.error.code === 'INTERNAL') request.log.error({ error: envelope.error }, 'invoke failed');
    return reply.code(200).header('Cache-Control', 'no-store').send(envelope);
  });

  app.get('/api/events', (request, reply) => {
    // The stream outlives this handler, so fastify's reply pipeline (and its onSend hooks) is bypassed.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');

    const allowed = new Set<string>(eventChannels);
    const unsubscribe = ctx.subscribe((channel: EventChannel, payload) => {
      if (!allowed.has(channel) || res.writableEnded) return;
      res.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();

    const stop = (): void => {
      clearInterval(keepAlive);
      unsubscribe();
      openStreams.delete(stop);
      if (!res.writableEnded) res.end();
    };
    openStreams.add(stop);
    request.raw.on('close', stop);
    res.on('close', stop);
  });

}
