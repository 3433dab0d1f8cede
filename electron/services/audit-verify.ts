import type { AuditEntry, AuditProblem } from '../contract/schemas.js';
import type { AuditHead } from '../../database/repositories/audit-repository.js';
import { GENESIS_HASH, computeEntryHash } from './audit-chain.js';

/**
 * Checks a case's chain and names every problem by entry number. Pure: takes the entries as
 * stored (sorted by seq) and the recorded head.
 *
 * - reordered: following the hash links from the genesis visits the entries in another order
 *   than their numbers (rows swapped or renumbered);
 * - deleted: a number is missing, or the log ends before the recorded head;
 * - edited: an entry's content no longer hashes to its stored hash;
 * - broken-link: an entry's prev_hash is not its predecessor's hash although no number is missing
 *   (the predecessor was rewritten and re-hashed to hide an edit, or entries were renumbered).
 */
export function verifyChain(entries: readonly AuditEntry[], head: AuditHead | null): AuditProblem[] {
  const problems: AuditProblem[] = [];
  const linkOrder = followLinks(entries);
  const reordered = linkOrder.length === entries.length && linkOrder.some((e, i) => e !== entries[i]);

  if (reordered) {
    linkOrder.forEach((entry, index) => {
      const position = index + 1;
      if (entry.seq === position) return;
      problems.push({
        seq: entry.seq,
        kind: 'reordered',
        message: `Entry #${entry.seq} is out of order: its hash link places it at position ${position}.`,
      });
      // Content is checked at the position the chain gives it, so a pure swap is not also "edited".
      if (computeEntryHash(entry.prevHash, { ...entry, seq: position }) !== entry.hash) problems.push(editedProblem(entry.seq));
    });
    const positionOf = new Map(linkOrder.map((entry, index) => [entry, index + 1]));
    for (const entry of entries) {
      const position = positionOf.get(entry);
      if (entry.seq === position && computeEntryHash(entry.prevHash, entry) !== entry.hash) problems.push(editedProblem(entry.seq));
    }
  } else {
    checkSequence(entries, problems);
  }

  const last = entries.at(-1);
  if (head && (last?.seq ?? 0) < head.seq) {
    const first = (last?.seq ?? 0) + 1;
    for (let seq = first; seq <= head.seq; seq++) problems.push(deletedProblem(seq, 'the recorded chain head says the log had it'));
  } else if (head && last && last.seq === head.seq && last.hash !== head.hash && !problems.some((p) => p.seq === last.seq)) {
    problems.push({ seq: last.seq, kind: 'edited', message: `Entry #${last.seq} was replaced: it is not the entry the chain head recorded.` });
  }
  return problems.sort((a, b) => a.seq - b.seq);
}

function checkSequence(entries: readonly AuditEntry[], problems: AuditProblem[]): void {
  let expectedSeq = 1;
  let previous: AuditEntry | undefined;
  for (const entry of entries) {
    const gap = entry.seq > expectedSeq;
    for (let seq = expectedSeq; seq < entry.seq; seq++) problems.push(deletedProblem(seq, `entry #${entry.seq} follows #${seq - 1}`));

    if (computeEntryHash(entry.prevHash, entry) !== entry.hash) problems.push(editedProblem(entry.seq));

    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    if (!gap && entry.prevHash !== expectedPrev) problems.push(brokenLinkProblem(entry, entries));
    expectedSeq = entry.seq + 1;
    previous = entry;
  }
}

/** Walks prev_hash → hash links from the genesis; stops at the first missing or ambiguous link. */
function followLinks(entries: readonly AuditEntry[]): AuditEntry[] {
  const byPrev = new Map<string, AuditEntry[]>();
  for (const e of entries) {
    const siblings = byPrev.get(e.prevHash);
    if (siblings) siblings.push(e);
    else byPrev.set(e.prevHash, [e]);
  }
  const order: AuditEntry[] = [];
  const visited = new Set<AuditEntry>();
  let cursor = GENESIS_HASH;
  while (order.length < entries.length) {
    const next = byPrev.get(cursor);
    if (!next || next.length !== 1 || visited.has(next[0]!)) break;
    order.push(next[0]!);
    visited.add(next[0]!);
    cursor = next[0]!.hash;
  }
  return order;
}

/**
 * The numbers run on without a gap, yet the link is wrong. Without the missing bytes nobody can
 * tell "the predecessor was rewritten and re-hashed" from "an entry was removed and the rest
 * renumbered and re-hashed", so the message names both rather than guessing.
 */
function brokenLinkProblem(entry: AuditEntry, entries: readonly AuditEntry[]): AuditProblem {
  const before = entry.seq - 1;
  const target = entries.find((e) => e.hash === entry.prevHash);
  const why =
    entry.prevHash === GENESIS_HASH
      ? 'it claims to be the first entry'
      : target
        ? `it points to entry #${target.seq} instead`
        : `it points to an entry that no longer exists: #${before} was rewritten, or an entry was removed and the rest renumbered`;
  return {
    seq: entry.seq,
    kind: 'broken-link',
    message: `Entry #${entry.seq} has a broken link: it does not point to entry #${before} (${why}).`,
  };
}

function editedProblem(seq: number): AuditProblem {
  return { seq, kind: 'edited', message: `Entry #${seq} was edited: its content no longer matches its hash.` };
}

function deletedProblem(seq: number, why: string): AuditProblem {
  return { seq, kind: 'deleted', message: `Entry #${seq} was deleted (${why}).` };
}
