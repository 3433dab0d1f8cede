import { appendFileSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../electron/contract/dispatch.js';
import type { EvidenceDetail } from '../../electron/contract/schemas.js';
import { gradient } from '../fixtures/intake-fixtures.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';
import { makeTempDir } from '../helpers/temp-home.js';

let h: Harness;
let sources: { dir: string; cleanup: () => void };
let caseId: string;
let evidenceId: string;
let vaultPath: string;
let intakeSha: string;

beforeEach(async () => {
  h = await openHarness();
  sources = makeTempDir('causalprint-sources-');
  await gradient(30, 20).png().toFile(join(sources.dir, 'a.png'));
  await gradient(30, 20, 5).jpeg().toFile(join(sources.dir, 'b.jpg'));
  caseId = h.ws.cases.create({ number: 'INT-1', title: 'Integrity', examiner: 'Ada', description: '' }).id;
  const job = await h.ws.importPaths(caseId, [join(sources.dir, 'a.png'), join(sources.dir, 'b.jpg')]);
  evidenceId = job.summary.results[0]!.evidenceId!;
  const record = h.ws.repos.evidence.get(evidenceId)!;
  vaultPath = h.ws.layout.absolute(record.vaultPath);
  intakeSha = record.sha256;
});
afterEach(async () => {
  await h.dispose();
  sources.cleanup();
});

const open = async (): Promise<EvidenceDetail> => {
  const envelope = await dispatchInvoke(h.ctx.handlers, 'evidence:open', { evidenceId });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as EvidenceDetail;
};
const lastAudit = () => h.ws.repos.audit.list(caseId).at(-1)!;

describe('hash re-verification when evidence is opened', () => {
  it('confirms an untouched vault copy and records the check', async () => {
    const detail = await open();
    expect(detail).toMatchObject({ id: evidenceId, integrity: 'verified', sha256: intakeSha, lastVerifiedSha256: intakeSha });
    expect(lastAudit()).toMatchObject({ action: 'hash.verified', details: { evidenceId, sha256: intakeSha } });
  });

  it('detects a vault file altered after intake, stores the mismatch, audits it, and still returns the detail', async () => {
    chmodSync(vaultPath, 0o644);
    appendFileSync(vaultPath, Buffer.from('tampered'));
    const detail = await open();
    expect(detail.integrity).toBe('mismatch');
    expect(detail.sha256).toBe(intakeSha);
    expect(detail.lastVerifiedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.lastVerifiedSha256).not.toBe(intakeSha);
    expect(detail.metadata.container.Format).toBe('image/png');

    expect(h.ws.repos.evidence.get(evidenceId)).toMatchObject({ integrity: 'mismatch', lastVerifiedSha256: detail.lastVerifiedSha256 });
    expect(lastAudit()).toMatchObject({
      action: 'hash.mismatch',
      details: { evidenceId, expected: intakeSha, actual: detail.lastVerifiedSha256, missing: false },
    });
    // The list shows it too, so the grid can flag the item.
    const listed = await dispatchInvoke(h.ctx.handlers, 'evidence:list', { caseId });
    expect(listed).toMatchObject({ ok: true, value: [expect.objectContaining({ id: evidenceId, integrity: 'mismatch' }), expect.anything()] });
  });

  it('reports a deleted vault file as missing', async () => {
    rmSync(vaultPath);
    const detail = await open();
    expect(detail).toMatchObject({ integrity: 'missing', lastVerifiedSha256: null });
    expect(lastAudit()).toMatchObject({ action: 'hash.mismatch', details: { evidenceId, actual: null, missing: true } });
    expect(h.ctx.resolveEvidenceAsset(evidenceId, 'original')).toBeNull();
  });

  it('reports a vault copy that cannot be read as an IO error, recording no verdict', async () => {
    rmSync(vaultPath);
    mkdirSync(vaultPath); // reading a directory fails with EISDIR, even for root
    const envelope = await dispatchInvoke(h.ctx.handlers, 'evidence:open', { evidenceId });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'IO', message: expect.stringMatching(/could not be read to verify it \(EISDIR\)/) } });
    expect(h.ws.repos.evidence.get(evidenceId)!.lastVerifiedSha256).toBe(intakeSha);
  });

  it('re-verifies every item of a case at once', async () => {
    chmodSync(vaultPath, 0o644);
    appendFileSync(vaultPath, 'x');
    const envelope = await dispatchInvoke(h.ctx.handlers, 'evidence:verifyAll', { caseId });
    expect(envelope.ok).toBe(true);
    const items = (envelope as { value: { id: string; integrity: string }[] }).value;
    expect(items.map((e) => e.integrity).sort()).toEqual(['mismatch', 'verified']);
    expect(h.ws.repos.audit.list(caseId).slice(-2).map((e) => e.action).sort()).toEqual(['hash.mismatch', 'hash.verified']);
  });

  it('resolves evidence pixels by id only, with the stored MIME type', () => {
    expect(h.ctx.resolveEvidenceAsset(evidenceId, 'original')).toEqual({ path: vaultPath, mimeType: 'image/png' });
    expect(h.ctx.resolveEvidenceAsset(evidenceId, 'thumbnail')).toMatchObject({ mimeType: 'image/webp' });
    expect(h.ctx.resolveEvidenceAsset('../../etc/passwd', 'original')).toBeNull();
  });
});
