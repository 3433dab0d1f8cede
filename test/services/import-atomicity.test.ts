import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext, workstationOf } from '../../electron/services/app-context.js';
import { verifyAudit } from '../../electron/services/contract-handlers.js';
import { gradient } from '../fixtures/intake-fixtures.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';
import { makeTempDir } from '../helpers/temp-home.js';

let h: Harness;
let sources: { dir: string; cleanup: () => void };
let caseId: string;
let source: string;
let sha: string;

beforeEach(async () => {
  h = await openHarness();
  sources = makeTempDir('causalprint-atomic-');
  source = join(sources.dir, 'a.png');
  await gradient(20, 20).png().toFile(source);
  sha = createHash('sha256').update(readFileSync(source)).digest('hex');
  caseId = h.ws.cases.create({ number: 'ATOM-1', title: 'Atomic', examiner: 'Ada', description: '' }).id;
});
afterEach(async () => {
  await h.dispose();
  sources.cleanup();
});

const caseDir = () => join(h.home, 'cases', caseId);
const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** Whatever failed, the case must look as if the file had never been offered. */
function expectNothingCommitted(): void {
  expect(h.ws.repos.evidence.listByCase(caseId)).toEqual([]);
  expect(h.ws.repos.audit.list(caseId).map((e) => e.action)).toEqual(['case.created']);
  expect(list(join(caseDir(), '.incoming'))).toEqual([]);
  expect(verifyAudit(h.ws, caseId).ok).toBe(true);
}

describe('two processes importing the same file at once (the CLI beside the app)', () => {
  it('stores it once: one import wins, the other reports a duplicate of it', async () => {
    const second = await createAppContext({ home: h.home, mode: 'cli' });
    try {
      const [a, b] = await Promise.all([h.ws.importPaths(caseId, [source]), workstationOf(second).importPaths(caseId, [source])]);
      const results = [a.summary.results[0]!, b.summary.results[0]!];
      expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'imported']);
      expect(results[0]!.evidenceId).toBe(results[1]!.evidenceId);
      expect(h.ws.repos.evidence.listByCase(caseId)).toHaveLength(1);
      expect(list(join(caseDir(), 'evidence'))).toEqual([`${sha}.png`]);
      expect(list(join(caseDir(), 'thumbnails'))).toEqual([`${sha}.webp`]);
      expect(list(join(caseDir(), '.incoming'))).toEqual([]);
      expect(verifyAudit(h.ws, caseId).ok).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe('the import commit step', () => {
  it('rolls back the row and the audit entry when the vault folder cannot be created', async () => {
    mkdirSync(caseDir(), { recursive: true });
    writeFileSync(join(caseDir(), 'evidence'), 'a file where the vault folder should be');
    const job = await h.ws.importPaths(caseId, [source]);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^Could not store "a.png" in the case vault \(.*(EEXIST|ENOTDIR).*\); nothing of it was kept/);
    expect(list(join(caseDir(), 'thumbnails'))).toEqual([]);
    expectNothingCommitted();
  });

  it('removes the already placed thumbnail when the rename into the vault fails', async () => {
    // A directory squatting on the vault name makes the final rename fail after the thumbnail moved.
    mkdirSync(join(caseDir(), 'evidence', `${sha}.png`, 'squatter'), { recursive: true });
    const job = await h.ws.importPaths(caseId, [source]);
    expect(job.status).toBe('failed');
    expect(list(join(caseDir(), 'thumbnails'))).toEqual([]);
    expect(list(join(caseDir(), 'evidence'))).toEqual([`${sha}.png`]); // only the squatter's folder
    expectNothingCommitted();
  });

  it('imports normally once the obstacle is gone', async () => {
    mkdirSync(join(caseDir(), 'evidence', `${sha}.png`), { recursive: true });
    expect((await h.ws.importPaths(caseId, [source])).status).toBe('failed');
    readdirSync(join(caseDir(), 'evidence')).forEach((name) => expect(name).toBe(`${sha}.png`));
    rmSync(join(caseDir(), 'evidence', `${sha}.png`), { recursive: true });
    const job = await h.ws.importPaths(caseId, [source]);
    expect(job.summary.imported).toBe(1);
    expect(list(join(caseDir(), 'evidence'))).toEqual([`${sha}.png`]);
  });
});
