import type { AttributionItemOutcome } from '../../contract/analysis-schemas.js';
import { CausalPrintError, serializeError } from '../../contract/errors.js';
import type { EvidenceRecord } from '../../../database/repositories/evidence-repository.js';
import type { LibraryService } from '../library/library-service.js';
import type { Workstation } from '../workstation.js';
import { toBrief, type EvidenceAttribution } from './evidence-attribution.js';

export interface CaseAttributionRequest {
  caseId: string;
  /** Only these items (each must belong to the case); default every item in import order. */
  evidenceIds?: readonly string[];
  /** Re-analyse items that already have a result for the current pack, library and model. */
  force?: boolean;
}

/**
 * Starts a background job that attributes a case's evidence one item at a time through the
 * single-item path (`EvidenceAttribution.attribute`: hash re-check, fingerprint, result and audit
 * entry in one transaction). A failing item becomes a `failed` outcome with its typed error and
 * the job goes on; cancelling stops between items (an item in flight stores nothing).
 */
export function startCaseAttribution(
  ws: Workstation,
  { attribution, library }: { attribution: EvidenceAttribution; library: LibraryService },
  request: CaseAttributionRequest,
): string {
  ws.cases.get(request.caseId);
  // Said once here rather than as the same failure for every item of the case.
  if (library.listGenerators().filter((generator) => generator.references > 0).length < 2) {
    throw new CausalPrintError('VALIDATION', 'The library needs references for at least two generators before it can attribute anything; enrol them in the Library first.');
  }
  const running = ws.jobs.runningFor(request.caseId, 'case-attribution');
  if (running) {
    throw new CausalPrintError('CONFLICT', 'An attribution of this case is already running; wait for it or cancel it first.', { jobId: running });
  }
  const items = selectItems(ws, request);
  const force = request.force ?? false;
  return ws.jobs.startAttribution<EvidenceRecord>(request.caseId, {
    list: async () => items,
    nameOf: (record) => record.originalName,
    runOne: (record, signal) => attributeOne(attribution, record, force, signal),
  });
}

async function attributeOne(attribution: EvidenceAttribution, record: EvidenceRecord, force: boolean, signal: AbortSignal): Promise<AttributionItemOutcome> {
  const base = { evidenceId: record.id, name: record.originalName };
  try {
    if (!force) {
      const existing = await attribution.currentResult(record.id);
      if (existing) return { ...base, status: 'skipped', result: toBrief(existing), reason: 'Already attributed with the current pack, library and model.' };
    }
    const result = await attribution.attribute(record.id, signal);
    return { ...base, status: 'attributed', result: toBrief(result) };
  } catch (error) {
    // Cancelling ends the job (the item in flight stored nothing); any other failure is this item's.
    if (signal.aborted) throw error;
    const wire = serializeError(error);
    return { ...base, status: 'failed', errorCode: wire.code, reason: wire.message };
  }
}

function selectItems(ws: Workstation, request: CaseAttributionRequest): EvidenceRecord[] {
  const all = ws.repos.evidence.listByCase(request.caseId);
  if (!request.evidenceIds) return all;
  const byId = new Map(all.map((record) => [record.id, record]));
  const missing = request.evidenceIds.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new CausalPrintError('NOT_FOUND', `${missing.length === 1 ? 'One item is' : `${missing.length} items are`} not evidence of this case.`, { evidenceIds: missing });
  }
  return [...new Set(request.evidenceIds)].map((id) => byId.get(id)!);
}
