import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, computeEntryHash } from '../../electron/services/audit-chain.js';
import { verifyAudit } from '../../electron/services/contract-handlers.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';

let h: Harness;
let caseId: string;

/** Opens a case and appends entries so the chain has 5 entries (#1 is case.created). */
beforeEach(async () => {
  h = await openHarness();
  caseId = h.ws.cases.create({ number: 'AUD-1', title: 'Audit', examiner: 'Ada', description: '' }).id;
  for (const n of [2, 3, 4, 5]) h.ws.audit.append(caseId, 'note.added', { n, text: `entry ${n}` });
});
afterEach(async () => {
  await h.dispose();
});

/** What an attacker with write access to the file does first: drop the append-only triggers. */
function tamper(sql: string, ...params: unknown[]): void {
  h.ws.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  h.ws.db.prepare(sql).run(...params);
}

const problemsOf = () => verifyAudit(h.ws, caseId).problems.map((p) => ({ seq: p.seq, kind: p.kind }));

describe('audit chain', () => {
  it('links every entry to the previous one with SHA-256 over canonical JSON', () => {
    const entries = h.ws.repos.audit.list(caseId);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (const [i, e] of entries.entries()) {
      if (i > 0) expect(e.prevHash).toBe(entries[i - 1]!.hash);
      expect(e.hash).toBe(computeEntryHash(e.prevHash, e));
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(h.ws.repos.audit.head(caseId)).toEqual({ seq: 5, hash: entries[4]!.hash });
  });

  it('hashes independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    const base = { caseId: 'c', seq: 1, at: 't', actor: 'a', action: 'x' };
    expect(computeEntryHash(GENESIS_HASH, { ...base, details: { a: 1, b: 2 } })).toBe(
      computeEntryHash(GENESIS_HASH, { ...base, details: { b: 2, a: 1 } }),
    );
  });

  it('records the examiner name from settings as the actor', () => {
    h.ws.settings.update({ examinerName: 'Grace Examiner' });
    const entry = h.ws.audit.append(caseId, 'note.added', {});
    expect(entry.actor).toBe('Grace Examiner');
    expect(h.ws.repos.audit.list(caseId).at(-1)!.actor).toBe('Grace Examiner');
  });

  it('verifies an untouched chain as intact and audits the verification itself', () => {
    const result = verifyAudit(h.ws, caseId);
    expect(result).toMatchObject({ caseId, ok: true, entries: 5, problems: [] });
    expect(result.headHash).toBe(h.ws.repos.audit.list(caseId)[4]!.hash);
    const last = h.ws.repos.audit.list(caseId).at(-1)!;
    expect(last).toMatchObject({ seq: 6, action: 'audit.verified', details: { ok: true, entries: 5, problems: [] } });
    expect(verifyAudit(h.ws, caseId).ok).toBe(true);
  });

  it('names an entry whose details were edited with raw SQL', () => {
    tamper(`UPDATE audit_log SET details_json = '{"n":3,"text":"nothing to see"}' WHERE case_id = ? AND seq = 3`, caseId);
    const result = verifyAudit(h.ws, caseId);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'edited', message: expect.stringContaining('#3') })]);
    // The failed verification is itself on the record.
    expect(h.ws.repos.audit.list(caseId).at(-1)).toMatchObject({
      action: 'audit.verified',
      details: { ok: false, problems: [{ seq: 3, kind: 'edited' }] },
    });
  });

  it('names an entry whose actor or time was edited', () => {
    tamper(`UPDATE audit_log SET actor = 'Mallory' WHERE case_id = ? AND seq = 2`, caseId);
    tamper(`UPDATE audit_log SET at = '1999-01-01T00:00:00.000Z' WHERE case_id = ? AND seq = 4`, caseId);
    expect(problemsOf()).toEqual([
      { seq: 2, kind: 'edited' },
      { seq: 4, kind: 'edited' },
    ]);
  });

  it('names a deleted entry in the middle', () => {
    tamper('DELETE FROM audit_log WHERE case_id = ? AND seq = 3', caseId);
    expect(problemsOf()).toEqual([{ seq: 3, kind: 'deleted' }]);
  });

  it('names deleted newest entries through the recorded chain head', () => {
    tamper('DELETE FROM audit_log WHERE case_id = ? AND seq >= 4', caseId);
    expect(problemsOf()).toEqual([
      { seq: 4, kind: 'deleted' },
      { seq: 5, kind: 'deleted' },
    ]);
  });

  it('names the first entry when it is deleted', () => {
    tamper('DELETE FROM audit_log WHERE case_id = ? AND seq = 1', caseId);
    expect(problemsOf()).toEqual([{ seq: 1, kind: 'deleted' }]);
  });

  it('names two swapped entries as reordered, not as edited', () => {
    tamper('UPDATE audit_log SET seq = 1000 WHERE case_id = ? AND seq = 2', caseId);
    tamper('UPDATE audit_log SET seq = 2 WHERE case_id = ? AND seq = 4', caseId);
    tamper('UPDATE audit_log SET seq = 4 WHERE case_id = ? AND seq = 1000', caseId);
    const result = verifyAudit(h.ws, caseId);
    expect(result.problems.map((p) => ({ seq: p.seq, kind: p.kind }))).toEqual([
      { seq: 2, kind: 'reordered' },
      { seq: 4, kind: 'reordered' },
    ]);
    expect(result.problems[0]!.message).toMatch(/#2 is out of order/);
  });

  it('names two rows whose contents were swapped (numbers kept) as reordered', () => {
    const cols = 'at, actor, action, details_json, prev_hash, hash';
    const [second, third] = [2, 3].map((seq) => h.ws.db.prepare(`SELECT ${cols} FROM audit_log WHERE case_id = ? AND seq = ?`).get(caseId, seq));
    const put = `UPDATE audit_log SET at = @at, actor = @actor, action = @action, details_json = @details_json, prev_hash = @prev_hash, hash = @hash
                 WHERE case_id = @caseId AND seq = @seq`;
    tamper(put, { ...(third as object), caseId, seq: 2 });
    tamper(put, { ...(second as object), caseId, seq: 3 });
    expect(problemsOf()).toEqual([
      { seq: 2, kind: 'reordered' },
      { seq: 3, kind: 'reordered' },
    ]);
  });

  it('names a deletion hidden by renumbering the later entries', () => {
    tamper('DELETE FROM audit_log WHERE case_id = ? AND seq = 3', caseId);
    tamper('UPDATE audit_log SET seq = seq - 1 WHERE case_id = ? AND seq > 3', caseId);
    const problems = problemsOf();
    // The renumbered entries no longer hash (seq is hashed), the head says #5 existed.
    expect(problems).toEqual(expect.arrayContaining([{ seq: 3, kind: 'edited' }, { seq: 4, kind: 'edited' }, { seq: 5, kind: 'deleted' }]));
  });

  it('names an edit hidden by re-hashing the entry: the next entry no longer links to it', () => {
    const entries = h.ws.repos.audit.list(caseId);
    const forged = { ...entries[1]!, details: { n: 2, text: 'rewritten' } };
    const forgedHash = computeEntryHash(forged.prevHash, forged);
    tamper(`UPDATE audit_log SET details_json = ?, hash = ? WHERE case_id = ? AND seq = 2`, JSON.stringify(forged.details), forgedHash, caseId);
    expect(problemsOf()).toEqual([{ seq: 3, kind: 'broken-link' }]);
  });

  it('names a replaced newest entry through the chain head', () => {
    const last = h.ws.repos.audit.list(caseId)[4]!;
    const forged = { ...last, details: { n: 5, text: 'rewritten' } };
    tamper(`UPDATE audit_log SET details_json = ?, hash = ? WHERE case_id = ? AND seq = 5`, JSON.stringify(forged.details), computeEntryHash(forged.prevHash, forged), caseId);
    expect(problemsOf()).toEqual([{ seq: 5, kind: 'edited' }]);
  });

  it('keeps chains of different cases apart', () => {
    const other = h.ws.cases.create({ number: 'AUD-2', title: 'Other', examiner: 'Ada', description: '' }).id;
    tamper('DELETE FROM audit_log WHERE case_id = ? AND seq = 3', caseId);
    expect(verifyAudit(h.ws, other).ok).toBe(true);
    expect(h.ws.repos.audit.list(other)[0]!.prevHash).toBe(GENESIS_HASH);
  });
});
