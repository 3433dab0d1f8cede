import type { ContractHandlers } from '../../contract/contract.js';
import { handle } from '../ipc.js';

/** Wires the `analysis:*` channels to the services through the IPC wrapper. */
export function registerAnalysisHandlers(handlers: ContractHandlers): void {
  handle('analysis:attribute', handlers['analysis:attribute']);
  handle('analysis:results', handlers['analysis:results']);
  handle('analysis:attributeCase', handlers['analysis:attributeCase']);
  handle('analysis:job', handlers['analysis:job']);
  handle('analysis:latestByCase', handlers['analysis:latestByCase']);
}
