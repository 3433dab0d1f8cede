import type { ContractHandlers } from '../../contract/contract.js';
import { workstationLibrary } from '../library/library-for-workstation.js';
import type { Workstation } from '../workstation.js';
import { startCaseAttribution } from './case-attribution.js';
import { EvidenceAttribution } from './evidence-attribution.js';

type CaseAnalysisChannels = 'analysis:attributeCase' | 'analysis:job' | 'analysis:latestByCase';

/** The case-level `analysis:*` channels: batch attribution as a job, and each item's latest result. */
export function createCaseAnalysisHandlers(ws: Workstation): Pick<ContractHandlers, CaseAnalysisChannels> {
  const library = () => workstationLibrary(ws).service;
  const attribution = () => new EvidenceAttribution(ws, library());
  return {
    'analysis:attributeCase': ({ caseId, evidenceIds, force }) => ({
      jobId: startCaseAttribution(ws, { attribution: attribution(), library: library() }, { caseId, force, ...(evidenceIds ? { evidenceIds } : {}) }),
    }),
    'analysis:job': ({ jobId }) => ws.jobs.get(jobId, 'case-attribution'),
    'analysis:latestByCase': ({ caseId }) => {
      ws.cases.get(caseId);
      const results = attribution();
      return ws.repos.evidence.listByCase(caseId).map((record) => ({ evidenceId: record.id, latest: results.latest(record.id) }));
    },
  };
}
