import { createHash, randomUUID } from 'node:crypto';
import { CausalPrintError } from '../../contract/errors.js';
import { AttributionResultSchema, type AttributionResult } from '../../contract/library-schemas.js';
import { AnalysisRepository, type AnalysisResultRow } from '../../../database/repositories/analysis-repository.js';
import { canonicalJson } from '../audit-chain.js';
import { verifyEvidence } from '../evidence-verify.js';
import type { LibraryService } from '../library/library-service.js';
import { now, type Workstation } from '../workstation.js';

/**
 * Attributes evidence against the fingerprint library. The vault copy is re-hashed first and a
 * mismatch refuses the analysis; the result (with the pack, library and model hashes that made
 * it) is stored and audited in one transaction, so an interrupted analysis leaves nothing.
 * Numbers are rounded to 9 significant digits before hashing so a re-run on the same inputs
 * reproduces the same result hash.
 */
export class EvidenceAttribution {
  private readonly repo: AnalysisRepository;

  constructor(
    private readonly ws: Workstation,
    private readonly library: LibraryService,
  ) {
    this.repo = new AnalysisRepository(ws.db);
  }

  async attribute(evidenceId: string, signal?: AbortSignal): Promise<AttributionResult> {
    const record = this.ws.repos.evidence.get(evidenceId);
    if (!record) throw new CausalPrintError('NOT_FOUND', `No evidence with id ${evidenceId}.`);
    const verified = await verifyEvidence({ db: this.ws.db, layout: this.ws.layout, evidence: this.ws.repos.evidence, audit: this.ws.audit, now }, record);
    if (verified.integrity !== 'verified') {
      throw new CausalPrintError('INTEGRITY', `"${record.originalName}" failed its hash check (${verified.integrity}); it is not analysed.`, { evidenceId });
    }
    const { model, attribution } = await this.library.attributeFile(this.ws.layout.absolute(record.vaultPath), signal);
    const body = roundNumbers({
      evidenceId,
      evidenceSha256: record.sha256,
      packId: model.packId,
      packVersion: model.packVersion,
      libraryHash: model.libraryHash,
      modelHash: model.fitted.hash,
      ranked: attribution.ranked,
      unknown: attribution.unknown,
      unknownScore: attribution.unknownScore,
      perSpace: attribution.perSpace,
      perPatch: attribution.perPatch,
    });
    const resultJson = canonicalJson(body);
    const resultHash = createHash('sha256').update(resultJson, 'utf8').digest('hex');
    const row: AnalysisResultRow = {
      id: randomUUID(),
      evidenceId,
      packId: model.packId,
      packVersion: model.packVersion,
      libraryHash: model.libraryHash,
      resultJson,
      resultHash,
      createdAt: now(),
      createdBy: this.ws.settings.get().examinerName,
    };
    const previous = this.repo.find(evidenceId, model.packId, model.packVersion, model.libraryHash);
    const top = attribution.ranked[0];
    this.ws.db.transaction(() => {
      this.repo.put(row);
      this.ws.audit.append(record.caseId, 'analysis.attributed', {
        evidenceId,
        name: record.originalName,
        sha256: record.sha256,
        packId: model.packId,
        packVersion: model.packVersion,
        libraryHash: model.libraryHash,
        modelHash: model.fitted.hash,
        resultHash,
        outcome: attribution.unknown ? 'unknown-source' : (top?.generatorKey ?? 'none'),
        probability: attribution.unknown ? null : (top?.probability ?? null),
        ...(previous ? { reproducesPrevious: previous.resultHash === resultHash, previousResultHash: previous.resultHash } : {}),
      });
    }).immediate();
    return toResult(row);
  }

  results(evidenceId: string): AttributionResult[] {
    if (!this.ws.repos.evidence.get(evidenceId)) throw new CausalPrintError('NOT_FOUND', `No evidence with id ${evidenceId}.`);
    return this.repo.listByEvidence(evidenceId).map(toResult);
  }
}

function toResult(row: AnalysisResultRow): AttributionResult {
  return AttributionResultSchema.parse({
    ...(JSON.parse(row.resultJson) as object),
    id: row.id,
    resultHash: row.resultHash,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  });
}

/** Rounds every number to 9 significant digits (float noise below that is not evidence). */
function roundNumbers<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(9)) : v)) as T;
}
