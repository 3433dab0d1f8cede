import type { ContractHandlers, EventChannel, EventPayload } from '../contract/contract.js';
import type { LibraryEngine } from '../engine/library/library-engine.js';

/** Where the workstation runs; decides which contract channels are available. */
export type AppMode = 'electron' | 'server' | 'cli';

/** Sends main → renderer events; the Electron shell and the local server each provide one. */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

/** What the evidence pixel route/protocol may serve for one item. */
export type EvidenceAsset = 'thumbnail' | 'original';

/**
 * Everything a front door (Electron IPC, local server, CLI) needs, built once per process by
 * `createAppContext()`. Front doors never reach into the database or the vault directly.
 */
export interface AppContext {
  readonly home: string;
  readonly mode: AppMode;
  /** Implements every invoke channel of the contract (inputs already validated by dispatch). */
  readonly handlers: ContractHandlers;
  /** Subscribes an event sink; returns the unsubscribe function. */
  subscribe(sink: EventSink): () => void;
  /**
   * Resolves an evidence asset by evidence id to a file inside the vault/thumbnail store.
   * Never takes a path from the caller; returns null when the id is unknown.
   */
  resolveEvidenceAsset(evidenceId: string, asset: EvidenceAsset): { path: string; mimeType: string } | null;
  /**
   * Server mode: stores one uploaded file of a reserved upload area. `index` is the file's
   * position (0-based), `displayName` the client's relative name (shown, never used as a path).
   */
  writeUpload(uploadId: string, index: number, displayName: string, body: NodeJS.ReadableStream): Promise<void>;
  /** Closes the database and cancels running jobs. */
  close(): Promise<void>;
}

/** Options for `createAppContext`. */
export interface AppContextOptions {
  home: string;
  mode: AppMode;
  /**
   * Desktop only: shows a native open dialog and returns absolute paths chosen by the analyst,
   * or null when cancelled. Injected by the Electron shell so services never import electron.
   */
  chooseImportPaths?: (mode: 'files' | 'folder') => Promise<string[] | null>;
  /** Opens the fingerprint engine for the library and analyses; default: the bundled model pack. Tests inject a fake. */
  libraryEngine?: () => Promise<LibraryEngine>;
}
