import type { AuditEntry } from '../contract/schemas.js';
import type { AuditRepository } from '../../database/repositories/audit-repository.js';
import type { Db } from '../../database/open-database.js';
import { GENESIS_HASH, canonicalJson, computeEntryHash } from './audit-chain.js';

/** Names of the actions the services record (later features add their own). */
export type AuditAction =
  | 'case.created'
  | 'case.updated'
  | 'evidence.imported'
  | 'evidence.rejected'
  | 'evidence.duplicate'
  | 'hash.verified'
  | 'hash.mismatch'
  | 'audit.verified'
  | (string & {});

/**
 * Appends entries to a case's chain. Each append reads the head and writes the new entry in
 * one transaction, so two writers (the app and the CLI) cannot fork the chain: SQLite
 * serialises the write transactions.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly repo: AuditRepository,
    private readonly actor: () => string,
    private readonly now: () => string,
  ) {}

  append(caseId: string, action: AuditAction, details: Record<string, unknown>): AuditEntry {
    // Round-trip through canonical JSON so what is stored is exactly what was hashed
    // (undefined members vanish, dates become strings).
    const cleanDetails = JSON.parse(canonicalJson(details)) as Record<string, unknown>;
    const write = this.db.transaction((): AuditEntry => {
      const head = this.repo.head(caseId);
      const content = {
        caseId,
        seq: (head?.seq ?? 0) + 1,
        at: this.now(),
        actor: this.actor(),
        action,
        details: cleanDetails,
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const entry: AuditEntry = { ...content, prevHash, hash: computeEntryHash(prevHash, content) };
      this.repo.append(entry);
      return entry;
    });
    // better-sqlite3 turns a nested transaction into a savepoint, so callers may wrap this.
    return write.immediate();
  }
}
