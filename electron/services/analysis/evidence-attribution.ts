import { createHash, randomUUID } from 'node:crypto';
import { CausalPrintError } from '../../contract/errors.js';
import type { AttributionBrief } from '../../contract/analysis-schemas.js';
import { AttributionResultSchema, type AttributionResult } from '../../contract/library-schemas.js';
import { AnalysisRepository, type AnalysisResultRow } from '../../../database/repositories/analysis-repository.js';
import { canonicalJson } from '../audit-chain.js';
import { verifyEvidence } from '../evidence-verify.js';
import type { LibraryService } from '../library/library-service.js';
import { now, type Workstation } from '../workstation.js';
import { flatImageNote, inputNotes, mergeNotes } from './input-notes.js';

/**
 * Attributes evidence against the fingerprint library. The vault copy is re-hashed first and a
 * mismatch refuses the analysis; the result (with the pack, library and model hashes that made
 * it) is stored and audited in one transaction, so an interrupted analysis leaves nothing.
 * Numbers are rounded to 9 significant digits before hashing so a re-run on the same inputs
 * reproduces the same result hash. Notes on how the input was read (from the intake facts: first
 * frame of an animation, CMYK, 16-bit, grey, flat; from the engine: EXIF orientation or ICC profile
 * not applied, patches skipped as flat or clipped) go into the result; they are left out of it when there are none, so results
 * stored before notes existed keep their hashes.
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
    const record = this.evidence(evidenceId);
    const verified = await verifyEvidence({ db: this.ws.db, layout: this.ws.layout, evidence: this.ws.repos.evidence, audit: this.ws.audit, now }, record);
    if (verified.integrity !== 'verified') {
      throw new CausalPrintError('INTEGRITY', `"${record.originalName}" failed its hash check (${verified.integrity}); it is not analysed.`, { evidenceId });
    }
    const vaultFile = this.ws.layout.absolute(record.vaultPath);
    const flat = await flatImageNote(vaultFile, this.ws.settings.get().maxPixels, record.hasAlpha);
    const { model, attribution } = await this.library.attributeFile(vaultFile, signal);
    const notes = mergeNotes([...inputNotes(record), ...(flat ? [flat] : [])], attribution.notes ?? []);
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
      perSpaceKind: attribution.perSpaceKind,
      perPatch: attribution.perPatch,
      ...(notes.length > 0 ? { notes } : {}),
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
    // Last point where an interruption can stop the analysis: after it, result and audit entry commit together.
    if (signal?.aborted) throw new CausalPrintError('CANCELLED', `The analysis of "${record.originalName}" was cancelled; nothing was stored.`);
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
    this.evidence(evidenceId);
    return this.repo.listByEvidence(evidenceId).map(toResult);
  }

  /**
   * The stored result made by the current pack, library and fitted model, if any: re-running would
   * reproduce it, so a batch skips the item. Fits the library model if none is stored yet.
   */
  async currentResult(evidenceId: string): Promise<AttributionResult | null> {
    this.evidence(evidenceId);
    const model = await this.library.currentModel();
    const row = this.repo.find(evidenceId, model.packId, model.packVersion, model.libraryHash);
    if (!row) return null;
    const result = toResult(row);
    return result.modelHash === model.fitted.hash ? result : null;
  }

  /** The newest stored result of an item, in brief (null: never analysed). */
  latest(evidenceId: string): AttributionBrief | null {
    const newest = this.repo.listByEvidence(evidenceId)[0];
    return newest ? toBrief(toResult(newest)) : null;
  }

  private evidence(evidenceId: string) {
    const record = this.ws.repos.evidence.get(evidenceId);
    if (!record) throw new CausalPrintError('NOT_FOUND', `No evidence with id ${evidenceId}.`);
    return record;
  }
}

/** The gist of a result: top generator and its probability, or unknown source, with the versions. */
export function toBrief(result: AttributionResult): AttributionBrief {
  const top = result.ranked[0];
  return {
    resultId: result.id,
    createdAt: result.createdAt,
    packId: result.packId,
    packVersion: result.packVersion,
    libraryHash: result.libraryHash,
    modelHash: result.modelHash,
    unknown: result.unknown,
    topGeneratorKey: top?.generatorKey ?? null,
    probability: top?.probability ?? null,
    notes: result.notes,
  };
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
