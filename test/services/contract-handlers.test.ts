import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invokeChannels, invokeContract } from '../../electron/contract/contract.js';
import { dispatchInvoke } from '../../electron/contract/dispatch.js';
import type { Case, Job } from '../../electron/contract/schemas.js';
import { createAppContext, workstationOf } from '../../electron/services/app-context.js';
import { gradient } from '../fixtures/intake-fixtures.js';
import { createCase, openHarness, type Harness } from '../helpers/app-harness.js';
import { makeTempDir } from '../helpers/temp-home.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
let h: Harness;
beforeEach(async () => {
  h = await openHarness('server');
});
afterEach(async () => {
  await h.dispose();
});

const call = (channel: string, payload: unknown) => dispatchInvoke(h.ctx.handlers, channel, payload);

describe('contract handlers over the real services', () => {
  // Every channel, fed junk: the real handlers must answer with a VALIDATION envelope and write nothing.
  const junk: unknown[] = [null, 42, 'text', [1], { unexpected: true }, { caseId: 7, evidenceId: {}, jobId: [], number: '' }];
  it.each(invokeChannels)('%s answers malformed payloads with VALIDATION, never a throw', async (channel) => {
    for (const payload of junk) {
      // A missing payload is a valid empty request for channels without required fields.
      if (payload === null && invokeContract[channel].input.safeParse({}).success) continue;
      const envelope = await call(channel, payload);
      expect(envelope, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(h.ws.cases.list()).toEqual([]);
  });

  it('answers ids that do not exist with NOT_FOUND', async () => {
    for (const [channel, payload] of [
      ['cases:get', { caseId: UNKNOWN }],
      ['cases:update', { caseId: UNKNOWN, title: 'x' }],
      ['evidence:list', { caseId: UNKNOWN }],
      ['evidence:open', { evidenceId: UNKNOWN }],
      ['evidence:verifyAll', { caseId: UNKNOWN }],
      ['evidence:importUpload', { caseId: UNKNOWN, uploadId: UNKNOWN }],
      ['jobs:get', { jobId: UNKNOWN }],
      ['jobs:cancel', { jobId: UNKNOWN }],
      ['audit:list', { caseId: UNKNOWN }],
      ['audit:verify', { caseId: UNKNOWN }],
    ] as const) {
      expect(await call(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('returns typed CONFLICT for a duplicate case number, and contract-valid values otherwise', async () => {
    const created = await call('cases:create', { number: 'K-1', title: 'T', examiner: 'E' });
    expect(created).toMatchObject({ ok: true, value: { number: 'K-1', description: '', status: 'open' } });
    expect(await call('cases:create', { number: 'k-1', title: 'T', examiner: 'E' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { field: 'number' } },
    });
    const caseId = (created as { value: Case }).value.id;
    expect(await call('cases:list', { search: 'k-' })).toMatchObject({ ok: true, value: [{ id: caseId }] });
    expect(await call('cases:update', { caseId, status: 'closed' })).toMatchObject({ ok: true, value: { status: 'closed' } });
    expect(await call('audit:list', { caseId, limit: 1, offset: 1 })).toMatchObject({ ok: true, value: [{ seq: 2, action: 'case.updated' }] });
    expect(await call('audit:verify', { caseId })).toMatchObject({ ok: true, value: { ok: true, entries: 2 } });
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { name: 'CausalPrint', mode: 'server', capabilities: { uploads: true, nativeFileDialog: false } } });
  });

  it('validates settings on the way in and keeps them', async () => {
    expect(await call('settings:update', { maxPixels: 10 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('settings:update', { examinerName: '  ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call('settings:update', { examinerName: 'Ada', maxPixels: 5_000_000 })).toMatchObject({
      ok: true,
      value: { examinerName: 'Ada', maxPixels: 5_000_000 },
    });
    expect(await call('settings:get', {})).toMatchObject({ ok: true, value: { examinerName: 'Ada', maxPixels: 5_000_000 } });
  });

  it('refuses the native file dialog outside the desktop app', async () => {
    const { id } = await createCase(h);
    expect(await call('evidence:chooseAndImport', { caseId: id, mode: 'files' })).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});

describe('evidence:chooseAndImport in the desktop app', () => {
  it('imports what the injected dialog returns, and returns null when the analyst cancels', async () => {
    const temp = makeTempDir('causalprint-desktop-');
    const picked = join(temp.dir, 'picked.png');
    await gradient(8, 8).png().toFile(picked);
    let answer: string[] | null = [picked];
    const ctx = await createAppContext({ home: join(temp.dir, 'home'), mode: 'electron', chooseImportPaths: async () => answer });
    try {
      const { id: caseId } = ctx.handlers['cases:create']({ number: 'D-1', title: 'T', examiner: 'E', description: '' }) as Case;
      const started = await dispatchInvoke(ctx.handlers, 'evidence:chooseAndImport', { caseId, mode: 'files' });
      expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
      const { jobId } = (started as { value: { jobId: string } }).value;
      await workstationOf(ctx).jobs.wait(jobId);
      const job = await dispatchInvoke(ctx.handlers, 'jobs:get', { jobId });
      expect(job).toMatchObject({ ok: true });
      expect((job as { value: Job }).value).toMatchObject({ status: 'completed', summary: { imported: 1 } });
      answer = null;
      expect(await dispatchInvoke(ctx.handlers, 'evidence:chooseAndImport', { caseId, mode: 'folder' })).toEqual({ ok: true, value: null });
    } finally {
      await ctx.close();
      temp.cleanup();
    }
  });
});
