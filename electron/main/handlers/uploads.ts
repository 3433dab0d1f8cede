import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `uploads:*` channels to the services through the IPC wrapper. */
export function registerUploadsHandlers(handlers: ContractHandlers): void {
  handle('uploads:create', handlers['uploads:create']);
}
