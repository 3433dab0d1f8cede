import { CausalPrintError } from '../contract/errors.js';
import type { ContractHandlers } from '../contract/contract.js';
import type { AuditVerification, Evidence, EvidenceDetail } from '../contract/schemas.js';
import type { EvidenceRecord } from '../../database/repositories/evidence-repository.js';
import { verifyChain } from './audit-verify.js';
import { verifyEvidence } from './evidence-verify.js';
import { createCaseAnalysisHandlers } from './analysis/analysis-handlers.js';
import { createLibraryHandlers } from './library/library-handlers.js';
import { appVersion, now, type Workstation } from './workstation.js';

/** Implements every contract channel on top of the workstation's services. */
export function createContractHandlers(ws: Workstation): ContractHandlers {
  const { options } = ws;
  const evidenceOf = (id: string): EvidenceRecord => {
    const record = ws.repos.evidence.get(id);
    if (!record) throw new CausalPrintError('NOT_FOUND', `No evidence with id ${id}.`);
    return record;
  };
  const verifyDeps = { db: ws.db, layout: ws.layout, evidence: ws.repos.evidence, audit: ws.audit, now };

  return {
    'app:info': () => ({
      name: 'CausalPrint',
      version: appVersion(),
      mode: options.mode === 'electron' ? 'electron' : 'server',
      home: options.home,
      capabilities: { nativeFileDialog: Boolean(options.chooseImportPaths), uploads: options.mode === 'server' },
    }),

    'cases:list': ({ search }) => ws.cases.list(search),
    'cases:create': (input) => ws.cases.create(input),
    'cases:get': ({ caseId }) => ws.cases.get(caseId),
    'cases:update': ({ caseId, ...changes }) => ws.cases.update(caseId, changes),

    'evidence:list': ({ caseId }) => {
      ws.cases.get(caseId);
      return ws.repos.evidence.listByCase(caseId).map(toEvidence);
    },
    'evidence:open': async ({ evidenceId }): Promise<EvidenceDetail> => {
      const verified = await verifyEvidence(verifyDeps, evidenceOf(evidenceId));
      return { ...toEvidence(verified), metadata: verified.metadata };
    },
    'evidence:verifyAll': async ({ caseId }) => {
      ws.cases.get(caseId);
      const out: Evidence[] = [];
      // One at a time: hashing is I/O bound and parallel reads of one disk only thrash it.
      for (const record of ws.repos.evidence.listByCase(caseId)) out.push(toEvidence(await verifyEvidence(verifyDeps, record)));
      return out;
    },
    'evidence:chooseAndImport': async ({ caseId, mode }) => {
      if (!options.chooseImportPaths) {
        throw new CausalPrintError('UNSUPPORTED', 'Choosing files with a native dialog is only available in the desktop app; upload them instead.');
      }
      ws.cases.get(caseId);
      const paths = await options.chooseImportPaths(mode);
      if (!paths || paths.length === 0) return null;
      return { jobId: ws.startPathImport(caseId, paths) };
    },
    'evidence:importUpload': async ({ caseId, uploadId }) => ({ jobId: await ws.startUploadImport(caseId, uploadId) }),

    'uploads:create': async ({ fileCount }) => ({ uploadId: await ws.uploads.create(fileCount, now()) }),

    'jobs:get': ({ jobId }) => ws.jobs.get(jobId),
    'jobs:cancel': ({ jobId }) => ({ cancelled: ws.jobs.cancel(jobId) }),

    'audit:list': ({ caseId, limit, offset }) => {
      ws.cases.get(caseId);
      return ws.repos.audit.list(caseId, limit, offset);
    },
    'audit:verify': ({ caseId }) => verifyAudit(ws, caseId),

    'settings:get': () => ws.settings.get(),
    'settings:update': (changes) => ws.settings.update(changes),

    ...createLibraryHandlers(ws),
    ...createCaseAnalysisHandlers(ws),
  };
}

/**
 * Verifies a case's chain, then records the verification itself (`audit.verified`) as a new
 * entry, so the log shows when it was last checked and with what outcome.
 */
export function verifyAudit(ws: Workstation, caseId: string): AuditVerification {
  ws.cases.get(caseId);
  const entries = ws.repos.audit.list(caseId);
  const problems = verifyChain(entries, ws.repos.audit.head(caseId));
  const result: AuditVerification = {
    caseId,
    ok: problems.length === 0,
    entries: entries.length,
    headHash: entries.at(-1)?.hash ?? null,
    problems,
    verifiedAt: now(),
  };
  ws.audit.append(caseId, 'audit.verified', {
    ok: result.ok,
    entries: result.entries,
    headHash: result.headHash,
    problems: problems.map((p) => ({ seq: p.seq, kind: p.kind })),
  });
  return result;
}

/** Drops the service-only fields (paths, metadata) from a record. */
export function toEvidence(record: EvidenceRecord): Evidence {
  const { metadata: _m, vaultPath: _v, thumbnailPath: _t, ...evidence } = record;
  return evidence;
}
