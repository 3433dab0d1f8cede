import { existsSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppContext, AppContextOptions, EvidenceAsset } from './app-context-types.js';
import { createContractHandlers } from './contract-handlers.js';
import { Workstation } from './workstation.js';

// Lets services that receive only the AppContext face (the demo case, the CLI) reach the
// workstation behind it without widening the interface the front doors program against.
const workstations = new WeakMap<AppContext, Workstation>();

/**
 * The workstation home: `CAUSALPRINT_HOME` when set, otherwise the OS's per-user app-data folder
 * (`~/.config/CausalPrint`, `%APPDATA%\CausalPrint`, `~/Library/Application Support/CausalPrint`).
 */
export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CAUSALPRINT_HOME?.trim();
  if (fromEnv) return resolve(fromEnv);
  switch (platform()) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'CausalPrint');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'CausalPrint');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'CausalPrint');
  }
}

/**
 * Opens the database (migrating it), wires the services and returns the context every front
 * door uses. Throws a `CausalPrintError` when the database is unusable (e.g. from a newer version).
 */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const ws = new Workstation({ ...options, home: resolve(options.home) });
  const handlers = createContractHandlers(ws);
  const context: AppContext = {
    home: ws.layout.home,
    mode: options.mode,
    handlers,
    subscribe: (sink) => ws.subscribe(sink),
    resolveEvidenceAsset: (evidenceId: string, asset: EvidenceAsset) => {
      const record = ws.repos.evidence.get(evidenceId);
      if (!record) return null;
      const path = ws.layout.absolute(asset === 'thumbnail' ? record.thumbnailPath : record.vaultPath);
      if (!existsSync(path)) return null;
      return { path, mimeType: asset === 'thumbnail' ? 'image/webp' : record.mimeType };
    },
    writeUpload: (uploadId, index, displayName, body) =>
      ws.uploads.write(uploadId, index, displayName, body, ws.settings.get().maxFileBytes),
    close: () => ws.close(),
  };
  workstations.set(context, ws);
  return context;
}

/** The workstation behind a context made by `createAppContext` (for the CLI and the demo case). */
export function workstationOf(context: AppContext): Workstation {
  const ws = workstations.get(context);
  if (!ws) throw new Error('This AppContext was not created by createAppContext().');
  return ws;
}
