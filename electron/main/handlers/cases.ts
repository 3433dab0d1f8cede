import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `cases:*` channels to the services through the IPC wrapper. */
export function registerCasesHandlers(handlers: ContractHandlers): void {
  handle('cases:list', handlers['cases:list']);
  handle('cases:create', handlers['cases:create']);
  handle('cases:get', handlers['cases:get']);
  handle('cases:update', handlers['cases:update']);
}
