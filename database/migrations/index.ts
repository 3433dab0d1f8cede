import type { Migration } from './migration.js';
import { migration as createCases } from './0010-create-cases.js';
import { migration as createSettings } from './0020-create-settings.js';
import { migration as createEvidence } from './0030-create-evidence.js';
import { migration as createAuditLog } from './0040-create-audit-log.js';
import { migration as createGeneratorLibrary } from './0050-create-generator-library.js';
import { migration as createAnalysisResults } from './0060-create-analysis-results.js';

/** Every migration, oldest first. New ones are appended with the next multiple of 10. */
export const migrations: readonly Migration[] = [
  createCases,
  createSettings,
  createEvidence,
  createAuditLog,
  createGeneratorLibrary,
  createAnalysisResults,
];

export type { Migration };
