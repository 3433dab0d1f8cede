import { LibraryRepository } from '../../../database/repositories/library-repository.js';
import type { LibraryEngine } from '../../engine/library/library-engine.js';
import type { Workstation } from '../workstation.js';
import { now } from '../workstation.js';
import { exportLibrary, importLibrary } from './library-file.js';
import { LibraryService } from './library-service.js';
import { openPackLibraryEngine } from './pack-library-engine.js';

export type LibraryEngineFactory = () => Promise<LibraryEngine>;

/** The library service and file functions over a workstation's database, home and settings. */
export function libraryFor(ws: Workstation, engine: LibraryEngineFactory) {
  const repo = new LibraryRepository(ws.db);
  let opened: Promise<LibraryEngine> | null = null;
  const service = new LibraryService({
    db: ws.db,
    repo,
    home: ws.layout.home,
    engine: () => (opened ??= engine()),
    limits: () => {
      const { maxPixels, maxFileBytes } = ws.settings.get();
      return { maxPixels, maxFileBytes };
    },
    actor: () => ws.settings.get().examinerName,
    now,
    log: (line) => console.warn(`CausalPrint: ${line}`),
  });
  const fileDeps = { db: ws.db, repo, home: ws.layout.home, now, libraryHash: () => service.libraryHash() };
  return {
    service,
    exportTo: (file: string) => exportLibrary(fileDeps, file),
    importFrom: (file: string) => importLibrary(fileDeps, file),
  };
}

export type WorkstationLibrary = ReturnType<typeof libraryFor>;

const perWorkstation = new WeakMap<Workstation, WorkstationLibrary>();

/**
 * The one library of a running workstation (the engine opens once, on first use), over the engine
 * the app context was given or the bundled model pack.
 */
export function workstationLibrary(ws: Workstation): WorkstationLibrary {
  let library = perWorkstation.get(ws);
  if (!library) {
    library = libraryFor(ws, ws.options.libraryEngine ?? (() => openPackLibraryEngine({ maxPixels: ws.settings.get().maxPixels })));
    perWorkstation.set(ws, library);
  }
  return library;
}
