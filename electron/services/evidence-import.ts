import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CausalPrintError } from '../contract/errors.js';
import type { ImportFileResult } from '../contract/schemas.js';
import type { Db } from '../../database/open-database.js';
import type { EvidenceRecord, EvidenceRepository } from '../../database/repositories/evidence-repository.js';
import { inspectImage, type ImageFacts } from '../engine/intake/inspect-image.js';
import { IntakeRejection } from '../engine/intake/rejection.js';
import { stageFile, type StagedFile } from '../engine/intake/stage-file.js';
import type { SourceEntry } from '../engine/intake/walk-sources.js';
import type { AuditLog } from './audit-log.js';
import type { HomeLayout } from './home-layout.js';
import type { SettingsService } from './settings-service.js';

/** What the importer needs; built once by the app context. */
export interface ImporterDeps {
  db: Db;
  layout: HomeLayout;
  evidence: EvidenceRepository;
  audit: AuditLog;
  settings: SettingsService;
  now: () => string;
}

/**
 * Turns one candidate file into evidence, a duplicate or an audited rejection. The bytes are
 * copied and hashed into `.incoming/`, inspected there, and only then committed: the DB row,
 * the audit entry and the rename into the vault happen in one transaction, so a failure at any
 * point leaves neither a row nor a vault file behind. Cancellation (AbortError) and unexpected
 * failures propagate to the job; rejections do not.
 */
export async function importOne(deps: ImporterDeps, caseId: string, entry: SourceEntry, signal?: AbortSignal): Promise<ImportFileResult> {
  const name = entry.displayName;
  if (entry.rejection) return reject(deps, caseId, entry, entry.rejection);
  const { maxFileBytes, maxPixels } = deps.settings.get();
  const incoming = deps.layout.incomingDir(caseId);
  mkdirSync(incoming, { recursive: true });

  let staged: StagedFile;
  try {
    staged = await stageFile(entry.path, name, incoming, maxFileBytes, signal);
  } catch (error) {
    if (error instanceof IntakeRejection) return reject(deps, caseId, entry, error);
    throw error;
  }
  const thumbTemp = `${staged.tempPath}.thumb.webp`;
  try {
    const existing = deps.evidence.findBySha256(caseId, staged.sha256);
    if (existing) return duplicate(deps, caseId, entry, existing);
    let facts: ImageFacts;
    try {
      facts = await inspectImage(staged.tempPath, name, { maxPixels, thumbnailPath: thumbTemp, c2paMarker: staged.c2paMarker });
    } catch (error) {
      if (error instanceof IntakeRejection) return reject(deps, caseId, entry, error, staged.sha256);
      throw error;
    }
    signal?.throwIfAborted();
    return commit(deps, caseId, entry, staged, facts, thumbTemp);
  } finally {
    await rm(staged.tempPath, { force: true });
    await rm(thumbTemp, { force: true });
  }
}

function commit(deps: ImporterDeps, caseId: string, entry: SourceEntry, staged: StagedFile, facts: ImageFacts, thumbTemp: string): ImportFileResult {
  const { layout } = deps;
  const record: EvidenceRecord = {
    id: randomUUID(),
    caseId,
    originalName: entry.displayName,
    sourcePath: entry.origin ?? entry.path,
    sha256: staged.sha256,
    sizeBytes: staged.sizeBytes,
    format: facts.format,
    mimeType: facts.mimeType,
    width: facts.width,
    height: facts.height,
    bitDepth: facts.bitDepth,
    channels: facts.channels,
    colourSpace: facts.colourSpace,
    hasAlpha: facts.hasAlpha,
    pages: facts.pages,
    hasExif: facts.hasExif,
    hasXmp: facts.hasXmp,
    hasIptc: facts.hasIptc,
    hasIcc: facts.hasIcc,
    c2paPresent: facts.c2paPresent,
    metadata: facts.metadata,
    vaultPath: layout.vaultRelative(caseId, staged.sha256, facts.extension),
    thumbnailPath: layout.thumbnailRelative(caseId, staged.sha256),
    importedAt: deps.now(),
    importedBy: deps.settings.get().examinerName,
    lastVerifiedAt: null,
    lastVerifiedSha256: null,
    integrity: 'verified',
  };
  const vault = layout.absolute(record.vaultPath);
  const thumb = layout.absolute(record.thumbnailPath);
  const placed: string[] = [];
  try {
    deps.db.transaction(() => {
      // Checked again inside the write lock: another process (CLI beside the app) may have won the race.
      const raced = deps.evidence.findBySha256(caseId, staged.sha256);
      if (raced) throw new DuplicateRace(raced);
      deps.evidence.insert({ ...record, lastVerifiedAt: record.importedAt, lastVerifiedSha256: record.sha256 });
      deps.audit.append(caseId, 'evidence.imported', {
        evidenceId: record.id,
        name: record.originalName,
        sourcePath: record.sourcePath,
        sha256: record.sha256,
        sizeBytes: record.sizeBytes,
        format: record.format,
        width: record.width,
        height: record.height,
      });
      // The renames are the last statements: if one throws, the transaction rolls back.
      mkdirSync(dirname(thumb), { recursive: true });
      mkdirSync(dirname(vault), { recursive: true });
      renameSync(thumbTemp, thumb);
      placed.push(thumb);
      renameSync(staged.tempPath, vault);
      placed.push(vault);
      chmodSync(vault, 0o444);
    }).immediate();
  } catch (error) {
    for (const path of placed) rmSync(path, { force: true });
    if (error instanceof DuplicateRace) return duplicate(deps, caseId, entry, error.existing);
    // A storage fault is the workstation's, not the file's: stop the batch and say nothing was kept.
    throw new CausalPrintError(
      'IO',
      `Could not store "${entry.displayName}" in the case vault (${(error as Error).message}); nothing of it was kept and the import stopped.`,
      undefined,
      { cause: error },
    );
  }
  return { name: entry.displayName, status: 'imported', evidenceId: record.id, sha256: record.sha256 };
}

class DuplicateRace extends Error {
  constructor(readonly existing: EvidenceRecord) {
    super('duplicate');
  }
}

function duplicate(deps: ImporterDeps, caseId: string, entry: SourceEntry, existing: EvidenceRecord): ImportFileResult {
  const reason = `Same content (SHA-256) as "${existing.originalName}", already in this case; not stored twice.`;
  deps.audit.append(caseId, 'evidence.duplicate', {
    name: entry.displayName,
    sourcePath: entry.origin ?? entry.path,
    sha256: existing.sha256,
    existingEvidenceId: existing.id,
  });
  return { name: entry.displayName, status: 'duplicate', evidenceId: existing.id, sha256: existing.sha256, reason };
}

function reject(deps: ImporterDeps, caseId: string, entry: SourceEntry, rejection: IntakeRejection, sha256?: string): ImportFileResult {
  deps.audit.append(caseId, 'evidence.rejected', {
    name: entry.displayName,
    sourcePath: entry.origin ?? entry.path,
    code: rejection.code,
    reason: rejection.reason,
    ...(sha256 ? { sha256 } : {}),
  });
  return { name: entry.displayName, status: 'rejected', reasonCode: rejection.code, reason: rejection.reason, ...(sha256 ? { sha256 } : {}) };
}
