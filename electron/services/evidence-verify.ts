import { CausalPrintError } from '../contract/errors.js';
import type { EvidenceRecord, EvidenceRepository } from '../../database/repositories/evidence-repository.js';
import type { Db } from '../../database/open-database.js';
import type { AuditLog } from './audit-log.js';
import { hashFile } from './file-hash.js';
import type { HomeLayout } from './home-layout.js';

/**
 * Re-hashes the vault copy of one item and records the outcome: `verified` when it still has
 * its intake SHA-256, `mismatch` when the bytes changed, `missing` when the file is gone. Every
 * check is audited (`hash.verified` / `hash.mismatch`) so the case history shows when
 * integrity was last proven, and when it failed.
 */
export async function verifyEvidence(
  deps: { db: Db; layout: HomeLayout; evidence: EvidenceRepository; audit: AuditLog; now: () => string },
  record: EvidenceRecord,
): Promise<EvidenceRecord> {
  const vaultFile = deps.layout.absolute(record.vaultPath);
  let actual: string | null;
  try {
    actual = await hashFile(vaultFile);
  } catch (error) {
    // Unreadable is not "missing" and not a mismatch: nothing is recorded, the analyst is told why.
    throw new CausalPrintError(
      'IO',
      `The vault copy of "${record.originalName}" could not be read to verify it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${vaultFile}`,
      { evidenceId: record.id },
      { cause: error },
    );
  }
  const at = deps.now();
  const integrity = actual === null ? 'missing' : actual === record.sha256 ? 'verified' : 'mismatch';
  deps.db.transaction(() => {
    deps.evidence.recordVerification(record.id, at, actual, integrity);
    if (integrity === 'verified') {
      deps.audit.append(record.caseId, 'hash.verified', { evidenceId: record.id, name: record.originalName, sha256: actual });
    } else {
      deps.audit.append(record.caseId, 'hash.mismatch', {
        evidenceId: record.id,
        name: record.originalName,
        expected: record.sha256,
        actual,
        missing: integrity === 'missing',
      });
    }
  }).immediate();
  return { ...record, lastVerifiedAt: at, lastVerifiedSha256: actual, integrity };
}
