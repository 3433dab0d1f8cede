import type { Case } from '../../electron/contract/schemas.js';
import type { Db } from '../open-database.js';

interface CaseRow {
  id: string;
  number: string;
  title: string;
  examiner: string;
  description: string;
  status: Case['status'];
  created_at: string;
  updated_at: string;
  evidence_count: number;
}

/** The columns a new case needs; id and timestamps are chosen by the service. */
export type CaseInsert = Omit<Case, 'evidenceCount'>;

const SELECT_CASE = `
  SELECT c.*, (SELECT count(*) FROM evidence e WHERE e.case_id = c.id) AS evidence_count
  FROM cases c`;

function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    examiner: row.examiner,
    description: row.description,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    evidenceCount: row.evidence_count,
  };
}

/** Typed access to the `cases` table. */
export class CasesRepository {
  constructor(private readonly db: Db) {}

  insert(c: CaseInsert): void {
    this.db
      .prepare(
        `INSERT INTO cases (id, number, title, examiner, description, status, created_at, updated_at)
         VALUES (@id, @number, @title, @examiner, @description, @status, @createdAt, @updatedAt)`,
      )
      .run(c);
  }

  get(id: string): Case | null {
    const row = this.db.prepare(`${SELECT_CASE} WHERE c.id = ?`).get(id) as CaseRow | undefined;
    return row ? toCase(row) : null;
  }

  /** Case numbers compare case-insensitively, as the unique index does. */
  getByNumber(number: string): Case | null {
    const row = this.db.prepare(`${SELECT_CASE} WHERE c.number = ? COLLATE NOCASE`).get(number) as CaseRow | undefined;
    return row ? toCase(row) : null;
  }

  /** Newest first; `search` matches number, title or examiner, ignoring case. */
  list(search?: string): Case[] {
    const term = search?.trim();
    if (!term) {
      return (this.db.prepare(`${SELECT_CASE} ORDER BY c.created_at DESC, c.rowid DESC`).all() as CaseRow[]).map(toCase);
    }
    const pattern = `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const rows = this.db
      .prepare(
        `${SELECT_CASE}
         WHERE lower(c.number) LIKE lower(@p) ESCAPE '\\' OR lower(c.title) LIKE lower(@p) ESCAPE '\\'
            OR lower(c.examiner) LIKE lower(@p) ESCAPE '\\'
         ORDER BY c.created_at DESC, c.rowid DESC`,
      )
      .all({ p: pattern }) as CaseRow[];
    return rows.map(toCase);
  }

  update(id: string, changes: Partial<Pick<Case, 'title' | 'description' | 'status'>>, updatedAt: string): void {
    const current = this.get(id);
    if (!current) return;
    this.db
      .prepare(`UPDATE cases SET title = @title, description = @description, status = @status, updated_at = @updatedAt WHERE id = @id`)
      .run({
        id,
        title: changes.title ?? current.title,
        description: changes.description ?? current.description,
        status: changes.status ?? current.status,
        updatedAt,
      });
  }
}
