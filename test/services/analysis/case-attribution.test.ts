import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, EventChannel, EventPayload, InvokeChannel, InvokeInput, InvokeOutput } from '../../../electron/contract/contract.js';
import { dispatchInvoke } from '../../../electron/contract/dispatch.js';
import type { StoredFingerprint } from '../../../electron/engine/library/stored-fingerprint.js';
import type { AppContext } from '../../../electron/services/app-context-types.js';
import { createAppContext, workstationOf } from '../../../electron/services/app-context.js';
import { EvidenceAttribution } from '../../../electron/services/analysis/evidence-attribution.js';
import { workstationLibrary } from '../../../electron/services/library/library-for-workstation.js';
import { walkSources } from '../../../electron/engine/intake/walk-sources.js';
import type { Workstation } from '../../../electron/services/workstation.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from '../library/fake-library-engine.js';

/** The fake engine with a hook that runs after each fingerprint (between fingerprint and commit). */
class HookedEngine extends FakeLibraryEngine {
  afterFingerprint: ((path: string) => void) | null = null;
  override async fingerprintFile(path: string): Promise<StoredFingerprint> {
    const fingerprint = await super.fingerprintFile(path);
    this.afterFingerprint?.(path);
    return fingerprint;
  }
}

async function solid(file: string, r: number, g: number, b: number): Promise<string> {
  mkdirSync(join(file, '..'), { recursive: true });
  await sharp({ create: { width: 40, height: 40, channels: 3, background: { r, g, b } } }).png().toFile(file);
  return file;
}

type Recorded = { channel: EventChannel; payload: EventPayload<EventChannel> };

describe('analysis:attributeCase (batch attribution job)', () => {
  let dir: string;
  let cleanup: () => void;
  let ctx: AppContext;
  let ws: Workstation;
  let engine: HookedEngine;
  let caseId: string;
  let ids: string[];
  const invoke = async <C extends InvokeChannel>(channel: C, input: InvokeInput<C>) =>
    (await dispatchInvoke(ctx.handlers, channel, input)) as Envelope<InvokeOutput<C>>;
  const value = <T>(envelope: Envelope<T>): T => {
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value;
  };
  const rows = (table: 'analysis_results' | 'audit_log', evidenceId?: string): number =>
    table === 'analysis_results'
      ? (ws.db.prepare('SELECT COUNT(*) AS n FROM analysis_results' + (evidenceId ? ' WHERE evidence_id = ?' : '')).get(...(evidenceId ? [evidenceId] : [])) as { n: number }).n
      : ws.repos.audit.list(caseId).filter((e) => e.action === 'analysis.attributed' && (!evidenceId || e.details.evidenceId === evidenceId)).length;

  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDir('cp-case-attr-'));
    engine = new HookedEngine();
    ctx = await createAppContext({ home: join(dir, 'home'), mode: 'server', libraryEngine: async () => engine });
    ws = workstationOf(ctx);
    const lib = workstationLibrary(ws).service;
    for (const [key, rgb] of [['red', [210, 20, 20]], ['green', [20, 210, 20]]] as const) {
      lib.createGenerator({ key, displayName: key, family: 'gan' });
      const files = [];
      for (let i = 0; i < 3; i++) files.push(await solid(join(dir, 'refs', `${key}-${i}.png`), rgb[0] + i, rgb[1], rgb[2]));
      await lib.enrol(key, await walkSources(files));
    }
    caseId = ws.cases.create({ number: 'B-1', title: 'Batch', examiner: 'E', description: '' }).id;
    const evidence = [
      await solid(join(dir, 'evidence', 'a-red.png'), 205, 22, 25),
      await solid(join(dir, 'evidence', 'b-green.png'), 25, 200, 22),
      await solid(join(dir, 'evidence', 'c-blue.png'), 20, 20, 230),
      await solid(join(dir, 'evidence', 'd-red.png'), 200, 30, 20),
    ];
    const job = await ws.importPaths(caseId, evidence);
    ids = job.summary.results.map((r) => r.evidenceId!);
  });
  afterEach(async () => {
    await ctx.close();
    cleanup();
  });

  function record(): { events: Recorded[]; stop: () => void } {
    const events: Recorded[] = [];
    const stop = ctx.subscribe((channel, payload) => events.push({ channel, payload: structuredClone(payload) }));
    return { events, stop };
  }

  it('attributes every item as a job, reports progress per item and ends with a summary; the grid sees each latest result', async () => {
    const before = value(await invoke('analysis:latestByCase', { caseId }));
    expect(before.map((row) => row.latest)).toEqual([null, null, null, null]);

    const { events, stop } = record();
    const { jobId } = value(await invoke('analysis:attributeCase', { caseId }));
    const final = await ws.jobs.wait(jobId, 'case-attribution');
    stop();

    expect(final).toMatchObject({ kind: 'case-attribution', status: 'completed', total: 4, done: 4, current: null, summary: { attributed: 4, skipped: 0, failed: 0 } });
    expect(final.summary.results.map((r) => [r.name, r.status, r.result?.unknown ? 'unknown' : r.result?.topGeneratorKey])).toEqual([
      ['a-red.png', 'attributed', 'red'],
      ['b-green.png', 'attributed', 'green'],
      ['c-blue.png', 'attributed', 'unknown'],
      ['d-red.png', 'attributed', 'red'],
    ]);
    const progress = events.filter((e) => e.channel === 'analysis:progress').map((e) => e.payload as EventPayload<'analysis:progress'>);
    expect(progress.map((p) => [p.done, p.outcome?.status ?? null])).toEqual([
      [0, null],
      [1, 'attributed'],
      [2, 'attributed'],
      [3, 'attributed'],
      [4, 'attributed'],
    ]);
    expect(progress[0]).toMatchObject({ jobId, caseId, total: 4, current: 'a-red.png' });
    expect(events.filter((e) => e.channel === 'analysis:finished').map((e) => e.payload)).toEqual([final]);
    expect(events.some((e) => e.channel === 'jobs:progress' || e.channel === 'jobs:finished')).toBe(false);
    expect(value(await invoke('analysis:job', { jobId }))).toEqual(final);

    // Each item committed its result and its audit entry, exactly as the single-item path does.
    expect(rows('analysis_results')).toBe(4);
    expect(rows('audit_log')).toBe(4);
    const latest = value(await invoke('analysis:latestByCase', { caseId }));
    expect(latest.map((row) => row.evidenceId)).toEqual(ids);
    expect(latest[0]!.latest).toMatchObject({ topGeneratorKey: 'red', unknown: false, packId: 'fake-pack', resultId: final.summary.results[0]!.result!.resultId });
    expect(latest[0]!.latest!.probability).toBeGreaterThan(0.5);
    expect(latest[2]!.latest!.unknown).toBe(true);
    const single = value(await invoke('analysis:results', { evidenceId: ids[0]! }));
    expect(single[0]!.id).toBe(latest[0]!.latest!.resultId);
  });

  it('skips items already attributed with the same pack, library and model (reported as skipped) unless forced', async () => {
    value(await invoke('analysis:attribute', { evidenceId: ids[1]! }));
    const first = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId })).jobId, 'case-attribution');
    expect(first.summary).toMatchObject({ attributed: 3, skipped: 1, failed: 0 });
    expect(first.summary.results[1]).toMatchObject({ name: 'b-green.png', status: 'skipped', result: { topGeneratorKey: 'green' } });
    expect(first.summary.results[1]!.reason).toMatch(/current pack, library and model/);

    const callsBefore = engine.calls;
    const again = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId })).jobId, 'case-attribution');
    expect(again.summary).toMatchObject({ attributed: 0, skipped: 4, failed: 0 });
    expect(engine.calls).toBe(callsBefore);
    expect(rows('audit_log')).toBe(4);

    const forced = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId, force: true })).jobId, 'case-attribution');
    expect(forced.summary).toMatchObject({ attributed: 4, skipped: 0, failed: 0 });
    const audit = ws.repos.audit.list(caseId).filter((e) => e.action === 'analysis.attributed');
    expect(audit.slice(-4).every((e) => e.details.reproducesPrevious === true)).toBe(true);

    // A changed library is a new model: nothing is skipped.
    const lib = workstationLibrary(ws).service;
    await lib.enrol('green', await walkSources([await solid(join(dir, 'refs', 'green-9.png'), 22, 215, 24)]));
    const changed = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId, evidenceIds: [ids[0]!] })).jobId, 'case-attribution');
    expect(changed.summary).toMatchObject({ attributed: 1, skipped: 0 });
  });

  it('records a failing item with its typed error and carries on with the next', async () => {
    const vault = ws.layout.absolute(ws.repos.evidence.get(ids[1]!)!.vaultPath);
    chmodSync(vault, 0o644);
    writeFileSync(vault, 'altered');
    const final = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId })).jobId, 'case-attribution');
    expect(final.status).toBe('completed');
    expect(final.summary).toMatchObject({ attributed: 3, skipped: 0, failed: 1 });
    expect(final.summary.results[1]).toMatchObject({ name: 'b-green.png', status: 'failed', errorCode: 'INTEGRITY' });
    expect(final.summary.results[1]!.reason).toMatch(/failed its hash check \(mismatch\); it is not analysed/);
    expect(final.summary.results[1]).not.toHaveProperty('result');
    expect(rows('analysis_results', ids[1])).toBe(0);
    expect(rows('analysis_results')).toBe(3);
  });

  it('stops between items when cancelled: committed items keep result and audit entry together, the rest have neither', async () => {
    let jobId = '';
    engine.afterFingerprint = () => {
      // Cancel while the second item is being analysed: it must not be stored, the third never starts.
      if (engine.calls === 8) ws.jobs.cancel(jobId);
    };
    jobId = value(await invoke('analysis:attributeCase', { caseId })).jobId;
    const final = await ws.jobs.wait(jobId, 'case-attribution');
    expect(final.status).toBe('cancelled');
    expect(final.summary.results.map((r) => r.status)).toEqual(['attributed']);
    expect(value(await invoke('jobs:cancel', { jobId })).cancelled).toBe(false);
    for (const [index, id] of ids.entries()) {
      const expected = index === 0 ? 1 : 0;
      expect([rows('analysis_results', id), rows('audit_log', id)]).toEqual([expected, expected]);
    }
  });

  it('an analysis interrupted between fingerprint and commit leaves no result row and no audit entry', async () => {
    const attribution = new EvidenceAttribution(ws, workstationLibrary(ws).service);
    const controller = new AbortController();
    engine.afterFingerprint = () => controller.abort();
    const auditBefore = ws.repos.audit.list(caseId).length;
    await expect(attribution.attribute(ids[0]!, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/nothing was stored/) });
    expect(rows('analysis_results')).toBe(0);
    // Only the integrity re-check before the analysis is logged.
    expect(ws.repos.audit.list(caseId).slice(auditBefore).map((e) => e.action)).not.toContain('analysis.attributed');

    // A fault inside the commit (the audit append) rolls the result row back too; the batch records it and goes on.
    engine.afterFingerprint = null;
    const append = ws.audit.append.bind(ws.audit);
    let faults = 0;
    ws.audit.append = ((...args: Parameters<typeof append>) => {
      if (args[1] === 'analysis.attributed' && faults++ === 0) throw new Error('disk full (injected)');
      return append(...args);
    }) as typeof ws.audit.append;
    const final = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId })).jobId, 'case-attribution');
    expect(final.summary).toMatchObject({ attributed: 3, failed: 1 });
    expect(final.summary.results[0]).toMatchObject({ status: 'failed', errorCode: 'INTERNAL', reason: expect.stringMatching(/disk full \(injected\)/) });
    expect([rows('analysis_results', ids[0]), rows('audit_log', ids[0])]).toEqual([0, 0]);
    expect([rows('analysis_results'), rows('audit_log')]).toEqual([3, 3]);
  });

  it('validates its request: items of another case, a second run of the same case, jobs of the other kind', async () => {
    const other = ws.cases.create({ number: 'B-2', title: 'Other', examiner: 'E', description: '' }).id;
    const foreign = await invoke('analysis:attributeCase', { caseId: other, evidenceIds: [ids[0]!] });
    expect(!foreign.ok && [foreign.error.code, foreign.error.message]).toEqual(['NOT_FOUND', 'One item is not evidence of this case.']);
    const empty = await invoke('analysis:attributeCase', { caseId, evidenceIds: [] });
    expect(!empty.ok && empty.error.code).toBe('VALIDATION');

    const { jobId } = value(await invoke('analysis:attributeCase', { caseId }));
    const second = await invoke('analysis:attributeCase', { caseId });
    expect(!second.ok && second.error.code).toBe('CONFLICT');
    const asImport = await invoke('jobs:get', { jobId });
    expect(!asImport.ok && asImport.error.code).toBe('NOT_FOUND');
    await ws.jobs.wait(jobId, 'case-attribution');

    const importJob = ws.startPathImport(caseId, [await solid(join(dir, 'more', 'e.png'), 1, 2, 3)]);
    await ws.jobs.wait(importJob);
    const asAttribution = await invoke('analysis:job', { jobId: importJob });
    expect(!asAttribution.ok && asAttribution.error.code).toBe('NOT_FOUND');
    const empty2 = ws.cases.create({ number: 'B-3', title: 'Empty', examiner: 'E', description: '' }).id;
    const none = await ws.jobs.wait(value(await invoke('analysis:attributeCase', { caseId: empty2 })).jobId, 'case-attribution');
    expect(none).toMatchObject({ status: 'completed', total: 0, summary: { attributed: 0, skipped: 0, failed: 0 } });
  });

  it('refuses at once, not once per item, while the library cannot attribute', async () => {
    // A second workstation home whose library has a single generator.
    const lone = await createAppContext({ home: join(dir, 'home-2'), mode: 'server', libraryEngine: async () => new FakeLibraryEngine() });
    try {
      const lib = workstationLibrary(workstationOf(lone)).service;
      lib.createGenerator({ key: 'red', displayName: 'red', family: 'gan' });
      await lib.enrol('red', await walkSources([await solid(join(dir, 'refs-2', 'red.png'), 200, 20, 20)]));
      const c = workstationOf(lone).cases.create({ number: 'L-1', title: 'Lone', examiner: 'E', description: '' });
      const refused = (await dispatchInvoke(lone.handlers, 'analysis:attributeCase', { caseId: c.id })) as Envelope<unknown>;
      expect(!refused.ok && [refused.error.code, refused.error.message]).toEqual([
        'VALIDATION',
        'The library needs references for at least two generators before it can attribute anything; enrol them in the Library first.',
      ]);
    } finally {
      await lone.close();
    }
  });
});
