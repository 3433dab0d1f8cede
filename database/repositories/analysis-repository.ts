import type { Db } from '../open-database.js';

export interface AnalysisResultRow {
  id: string;
  evidenceId: string;
  packId: string;
  packVersion: string;
  libraryHash: string;
  resultJson: string;
  resultHash: string;
  createdAt: string;
  createdBy: string;
}

/** Typed access to stored attribution results. */
export class AnalysisRepository {
  constructor(private readonly db: Db) {}

  listByEvidence(evidenceId: string): AnalysisResultRow[] {
    return this.db
      .prepare(
        `SELECT id, evidence_id AS evidenceId, pack_id AS packId, pack_version AS packVersion, library_hash AS libraryHash,
           result_json AS resultJson, result_hash AS resultHash, created_at AS createdAt, created_by AS createdBy
         FROM analysis_results WHERE evidence_id = ? ORDER BY created_at DESC, id`,
      )
      .all(evidenceId) as AnalysisResultRow[];
  }

  find(evidenceId: string, packId: string, packVersion: string, libraryHash: string): AnalysisResultRow | null {
    return (
      (this.listByEvidence(evidenceId).find((r) => r.packId === packId && r.packVersion === packVersion && r.libraryHash === libraryHash) as
        | AnalysisResultRow
        | undefined) ?? null
    );
  }

  /** Inserts or replaces the result for (evidence, pack, library). */
  put(row: AnalysisResultRow): void {
    this.db
      .prepare(
        `INSERT INTO analysis_results (id, evidence_id, pack_id, pack_version, library_hash, result_json, result_hash, created_at, created_by)
         VALUES (@id, @evidenceId, @packId, @packVersion, @libraryHash, @resultJson, @resultHash, @createdAt, @createdBy)
         ON CONFLICT (evidence_id, pack_id, pack_version, library_hash) DO UPDATE SET
           id = excluded.id, result_json = excluded.result_json, result_hash = excluded.result_hash,
           created_at = excluded.created_at, created_by = excluded.created_by`,
      )
      .run(row);
  }
}
