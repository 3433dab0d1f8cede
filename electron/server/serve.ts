import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { CausalPrintError } from '../contract/errors.js';
import { createAppContext, resolveHome } from '../services/app-context.js';
import { ensureDemoCase } from '../services/demo-case.js';
import { createServer } from './create-server.js';
import { locateRendererDir } from './renderer-dir.js';
import { SERVE_USAGE, parseServeArgs } from './serve-args.js';

// Entry of `npm run serve` (bundled to out/main/serve.js): the workstation in a browser,
// on 127.0.0.1 only, behind a per-run token. Tests parse the "is running at" line.

async function main(): Promise<void> {
  const args = parseServeArgs(process.argv.slice(2));
  if (args === 'help') {
    console.log(SERVE_USAGE);
    return;
  }
  const home = resolve(args.home ?? resolveHome());
  const ctx = await createAppContext({ home, mode: 'server' });
  if (args.demo) await ensureDemoCase(ctx);

  const renderer = locateRendererDir();
  if (!renderer.built) console.warn(`The renderer is not built (no ${renderer.dir}/index.html): run "npm run build". The API still works.`);
  const server = await createServer({ ctx, rendererDir: renderer.dir, port: args.port }).catch(async (error: unknown) => {
    await ctx.close();
    throw error;
  });
  const { url } = await server.listen().catch(async (error: unknown) => {
    await ctx.close();
    throw error;
  });

  console.log(`Data directory: ${home}`);
  console.log(`CausalPrint is running at ${url}`);
  console.log('Press Ctrl+C to stop.');
  if (args.open) openBrowser(url);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl+C means "now": skip the orderly shutdown.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal} received, closing…`);
    server
      .close()
      .then(() => ctx.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Best effort, and only where a desktop session can show a browser. */
function openBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!process.stdout.isTTY || !hasDisplay) return;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the URL above is enough.
  }
}

main().catch((error: unknown) => {
  const message = error instanceof CausalPrintError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`CausalPrint could not start: ${message}`);
  process.exit(1);
});
