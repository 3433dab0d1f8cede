import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `evidence:*` channels to the services through the IPC wrapper. */
export function registerEvidenceHandlers(handlers: ContractHandlers): void {
  handle('evidence:list', handlers['evidence:list']);
  handle('evidence:open', handlers['evidence:open']);
  handle('evidence:verifyAll', handlers['evidence:verifyAll']);
  handle('evidence:chooseAndImport', handlers['evidence:chooseAndImport']);
  handle('evidence:importUpload', handlers['evidence:importUpload']);
}
