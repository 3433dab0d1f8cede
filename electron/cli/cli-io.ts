import { resolve } from 'node:path';
import type { AppContext } from '../services/app-context-types.js';
import { createAppContext, resolveHome, workstationOf } from '../services/app-context.js';
import type { Workstation } from '../services/workstation.js';

/** Where the CLI writes; swapped for buffers in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Opens the workstation for one command and always closes it, so the database is never left
 * open by a failing command. `home` is the global `--home` option, if given.
 */
export async function withWorkstation<T>(home: string | undefined, run: (ws: Workstation, ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createAppContext({ home: home ? resolve(home) : resolveHome(), mode: 'cli' });
  try {
    return await run(workstationOf(ctx), ctx);
  } finally {
    await ctx.close();
  }
}

/** Pads a table column. */
export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
