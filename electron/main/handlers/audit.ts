import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `audit:*` channels to the services through the IPC wrapper. */
export function registerAuditHandlers(handlers: ContractHandlers): void {
  handle('audit:list', handlers['audit:list']);
  handle('audit:verify', handlers['audit:verify']);
}
