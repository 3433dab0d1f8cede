import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChannel, EventPayload } from '../../electron/contract/contract.js';
import type { Job } from '../../electron/contract/schemas.js';
import { verifyAudit } from '../../electron/services/contract-handlers.js';
import { JobManager, KEPT_FINISHED_JOBS } from '../../electron/services/jobs.js';
import { gradient } from '../fixtures/intake-fixtures.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';
import { makeTempDir } from '../helpers/temp-home.js';

const FILES = 30;
let h: Harness;
let sources: { dir: string; cleanup: () => void };
let batch: string;

beforeAll(async () => {
  h = await openHarness();
  sources = makeTempDir('causalprint-many-');
  batch = join(sources.dir, 'batch');
  mkdirSync(batch);
  for (let i = 0; i < FILES; i++) await gradient(24, 24, i).png().toFile(join(batch, `img-${String(i).padStart(2, '0')}.png`));
});
afterAll(async () => {
  await h.dispose();
  sources.cleanup();
});

type Event = { channel: EventChannel; payload: EventPayload<EventChannel> };
function record(): { events: Event[]; stop: () => void } {
  const events: Event[] = [];
  const stop = h.ctx.subscribe((channel, payload) => events.push({ channel, payload: structuredClone(payload) }));
  return { events, stop };
}
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe('import jobs', () => {
  it('returns a job id at once and reports progress after every file, then finishes once', async () => {
    const target = h.ws.cases.create({ number: 'JOB-1', title: 'Progress', examiner: 'Ada', description: '' });
    const { events, stop } = record();
    const jobId = h.ws.startPathImport(target.id, [batch]);
    expect(h.ws.jobs.get(jobId)).toMatchObject({ status: 'running', done: 0 });
    const final = await h.ws.jobs.wait(jobId);
    stop();

    expect(final).toMatchObject({ status: 'completed', total: FILES, done: FILES, current: null, summary: { imported: FILES } });
    const progress = events.filter((e) => e.channel === 'jobs:progress').map((e) => e.payload as EventPayload<'jobs:progress'>);
    expect(progress).toHaveLength(FILES + 1); // the listing, then one per file
    expect(progress[0]).toMatchObject({ jobId, caseId: target.id, total: FILES, done: 0, current: 'batch/img-00.png' });
    expect(progress[0]).not.toHaveProperty('result');
    progress.slice(1).forEach((p, i) => {
      expect(p).toMatchObject({ done: i + 1, total: FILES, result: { status: 'imported', name: `batch/img-${String(i).padStart(2, '0')}.png` } });
    });
    expect(progress.at(-1)!.current).toBeNull();
    const finished = events.filter((e) => e.channel === 'jobs:finished');
    expect(finished).toEqual([{ channel: 'jobs:finished', payload: final }]);
  });

  it('stops a many-file import when cancelled midway, keeping committed files consistent and nothing partial', async () => {
    const target = h.ws.cases.create({ number: 'JOB-2', title: 'Cancel', examiner: 'Ada', description: '' });
    let jobId = '';
    const stop = h.ctx.subscribe((channel, payload) => {
      // Cancel while the next file is being copied/decoded, not just between files.
      if (channel === 'jobs:progress' && (payload as EventPayload<'jobs:progress'>).done === 5) {
        setImmediate(() => h.ctx.handlers['jobs:cancel']({ jobId }));
      }
    });
    jobId = h.ws.startPathImport(target.id, [batch]);
    const final: Job = await h.ws.jobs.wait(jobId);
    stop();

    expect(final.status).toBe('cancelled');
    expect(final.done).toBeGreaterThanOrEqual(5);
    expect(final.done).toBeLessThan(FILES);
    const records = h.ws.repos.evidence.listByCase(target.id);
    expect(records).toHaveLength(final.summary.imported);
    expect(records.map((r) => r.id).sort()).toEqual(final.summary.results.map((r) => r.evidenceId).sort());
    const caseDir = join(h.home, 'cases', target.id);
    expect(files(join(caseDir, 'evidence')).sort()).toEqual(records.map((r) => `${r.sha256}.png`).sort());
    expect(files(join(caseDir, 'thumbnails'))).toHaveLength(records.length);
    expect(files(join(caseDir, '.incoming'))).toEqual([]);
    expect(verifyAudit(h.ws, target.id).ok).toBe(true);
    expect(h.ws.repos.audit.list(target.id).filter((e) => e.action === 'evidence.imported')).toHaveLength(records.length);

    // The rest can be imported afterwards; what was committed comes back as duplicates.
    const resumed = await h.ws.importPaths(target.id, [batch]);
    expect(resumed.summary).toMatchObject({ imported: FILES - records.length, duplicates: records.length, rejected: 0 });
  });

  it('answers cancel of an ended job with false and of an unknown job with NOT_FOUND', async () => {
    const target = h.ws.cases.create({ number: 'JOB-3', title: 'Ended', examiner: 'Ada', description: '' });
    const jobId = h.ws.startPathImport(target.id, [join(batch, 'img-00.png')]);
    await h.ws.jobs.wait(jobId);
    expect(h.ctx.handlers['jobs:cancel']({ jobId })).toEqual({ cancelled: false });
    expect(() => h.ws.jobs.cancel('00000000-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => h.ws.startPathImport('00000000-0000-4000-8000-000000000000', [batch])).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});

describe('JobManager', () => {
  it('marks a job failed with the error when an item throws unexpectedly, and still runs its cleanup', async () => {
    const emitted: string[] = [];
    const jobs = new JobManager((channel) => emitted.push(channel));
    let cleaned = false;
    const jobId = jobs.startImport<string>('00000000-0000-4000-8000-000000000000', {
      list: async () => ['a', 'b'],
      nameOf: (item) => item,
      importOne: async (item) => {
        if (item === 'b') throw new Error('disk on fire');
        return { name: item, status: 'imported' };
      },
      cleanup: async () => {
        cleaned = true;
      },
    });
    const final = await jobs.wait(jobId);
    expect(final).toMatchObject({ status: 'failed', error: 'disk on fire', done: 1, summary: { imported: 1 } });
    expect(cleaned).toBe(true);
    expect(emitted.at(-1)).toBe('jobs:finished');
  });

  it(`keeps the last ${KEPT_FINISHED_JOBS} ended jobs and forgets older ones`, async () => {
    const jobs = new JobManager(() => undefined);
    const work = { list: async () => ['x'], nameOf: String, importOne: async () => ({ name: 'x', status: 'imported' as const }) };
    const ids: string[] = [];
    for (let i = 0; i < KEPT_FINISHED_JOBS + 5; i++) ids.push(jobs.startImport('00000000-0000-4000-8000-000000000000', work));
    await Promise.all(ids.map((id) => jobs.wait(id)));
    expect(() => jobs.get(ids[4]!)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(jobs.get(ids[5]!).status).toBe('completed');
    expect(jobs.get(ids.at(-1)!).status).toBe('completed');
  });

  it('cancels running jobs on shutdown', async () => {
    const jobs = new JobManager(() => undefined);
    const jobId = jobs.startImport<number>('00000000-0000-4000-8000-000000000000', {
      list: async () => [1, 2, 3],
      nameOf: String,
      importOne: (item, signal) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve({ name: String(item), status: 'imported' }), 10_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        }),
    });
    await new Promise((r) => setTimeout(r, 20));
    await jobs.shutdown();
    expect(jobs.get(jobId)).toMatchObject({ status: 'cancelled', done: 0 });
  });
});
