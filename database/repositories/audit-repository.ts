import type { AuditEntry } from '../../electron/contract/schemas.js';
import type { Db } from '../open-database.js';

interface AuditRow {
  case_id: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  details_json: string;
  prev_hash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    caseId: row.case_id,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    details: JSON.parse(row.details_json) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The chain head recorded next to the log: the newest entry's seq and hash. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** Append-only access to `audit_log`; there is deliberately no update or delete here. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  head(caseId: string): AuditHead | null {
    return (this.db.prepare('SELECT seq, hash FROM audit_heads WHERE case_id = ?').get(caseId) as AuditHead | undefined) ?? null;
  }

  /** Inserts an entry and moves the head; callers run this inside a transaction. */
  append(entry: AuditEntry): void {
    this.db
      .prepare(
        `INSERT INTO audit_log (case_id, seq, at, actor, action, details_json, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.caseId, entry.seq, entry.at, entry.actor, entry.action, JSON.stringify(entry.details), entry.prevHash, entry.hash);
    this.db
      .prepare(
        `INSERT INTO audit_heads (case_id, seq, hash) VALUES (?, ?, ?)
         ON CONFLICT (case_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
      )
      .run(entry.caseId, entry.seq, entry.hash);
  }

  /** Entries oldest first (by seq, which is what an unaltered log is ordered by). */
  list(caseId: string, limit = -1, offset = 0): AuditEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM audit_log WHERE case_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .all(caseId, limit, offset) as AuditRow[];
    return rows.map(toEntry);
  }
}
