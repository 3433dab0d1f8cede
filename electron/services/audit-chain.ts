import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CausalPrintError } from '../contract/errors.js';

/** `prev_hash` of the first entry of every case. */
export const GENESIS_HASH = '0'.repeat(64);

/** The part of an audit entry its hash covers (everything but the hashes themselves). */
export interface AuditContent {
  caseId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** RFC 8785 canonical JSON, so the hash does not depend on key order or number formatting. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new CausalPrintError('INTERNAL', 'Audit details cannot be serialised to canonical JSON.');
  return text;
}

/** hash = SHA-256(prev_hash ‖ canonical JSON of {caseId, seq, at, actor, action, details}), hex. */
export function computeEntryHash(prevHash: string, content: AuditContent): string {
  const body = canonicalJson({
    caseId: content.caseId,
    seq: content.seq,
    at: content.at,
    actor: content.actor,
    action: content.action,
    details: content.details,
  });
  return createHash('sha256').update(prevHash, 'utf8').update(body, 'utf8').digest('hex');
}
