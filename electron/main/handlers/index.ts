import type { ContractHandlers } from '../../contract/contract.js';
import { assertAllChannelsHandled } from '../ipc.js';
import { registerAnalysisHandlers } from './analysis.js';
import { registerAppHandlers } from './app.js';
import { registerAuditHandlers } from './audit.js';
import { registerCasesHandlers } from './cases.js';
import { registerEvidenceHandlers } from './evidence.js';
import { registerJobsHandlers } from './jobs.js';
import { registerLibraryHandlers } from './library.js';
import { registerSettingsHandlers } from './settings.js';
import { registerUploadsHandlers } from './uploads.js';

/**
 * Registers every domain's channels, then checks none of the contract was forgotten.
 * `uploads:*` and `evidence:importUpload` belong to server mode; they are registered anyway so
 * the renderer gets the service's clear UNSUPPORTED error rather than a missing-handler crash.
 */
export function registerAllHandlers(handlers: ContractHandlers): void {
  registerAppHandlers(handlers);
  registerCasesHandlers(handlers);
  registerEvidenceHandlers(handlers);
  registerUploadsHandlers(handlers);
  registerJobsHandlers(handlers);
  registerAuditHandlers(handlers);
  registerSettingsHandlers(handlers);
  registerLibraryHandlers(handlers);
  registerAnalysisHandlers(handlers);
  assertAllChannelsHandled();
}
