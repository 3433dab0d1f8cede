import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { deny } from './access-control.js';

/**
 * Serves the built renderer (`out/renderer`) without directory listings or dotfiles, and falls
 * back to `index.html` for GET requests of other paths so client-side routes survive a reload.
 * The URL path only ever selects a file below `rendererDir` (@fastify/static refuses `..`).
 */
export async function registerStaticFiles(app: FastifyInstance, rendererDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: rendererDir,
    list: false,
    dotfiles: 'deny',
    index: ['index.html'],
    redirect: false,
    // The HTML shell changes between builds; hashed assets are safe to cache briefly.
    cacheControl: false,
    setHeaders: (reply, filePath) => {
      reply.header('Cache-Control', filePath.endsWith('.html') ? 'no-store' : 'private, max-age=3600');
    },
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isBackend = path.startsWith('/api/') || path === '/api' || path.startsWith('/evidence/');
    // A path containing a dot segment or an encoded separator is never a client-side route.
    const looksLikeRoute = !/(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\/i.test(path);
    if ((request.method === 'GET' || request.method === 'HEAD') && !isBackend && looksLikeRoute) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return deny(reply, 404, 'NOT_FOUND', `Nothing at ${request.method} ${path}.`);
  });
}
