import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `settings:*` channels to the services through the IPC wrapper. */
export function registerSettingsHandlers(handlers: ContractHandlers): void {
  handle('settings:get', handlers['settings:get']);
  handle('settings:update', handlers['settings:update']);
}
