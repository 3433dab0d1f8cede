import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `jobs:*` channels to the services through the IPC wrapper. */
export function registerJobsHandlers(handlers: ContractHandlers): void {
  handle('jobs:get', handlers['jobs:get']);
  handle('jobs:cancel', handlers['jobs:cancel']);
}
