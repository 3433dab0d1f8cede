import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `app:*` channels to the services through the IPC wrapper. */
export function registerAppHandlers(handlers: ContractHandlers): void {
  handle('app:info', handlers['app:info']);
}
