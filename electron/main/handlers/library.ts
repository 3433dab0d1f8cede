import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `library:*` channels to the services through the IPC wrapper. */
export function registerLibraryHandlers(handlers: ContractHandlers): void {
  handle('library:overview', handlers['library:overview']);
  handle('library:createGenerator', handlers['library:createGenerator']);
  handle('library:validate', handlers['library:validate']);
}
