import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CausalPrintError } from '../../electron/contract/errors.js';
import { attribution, CASE_ID, EVIDENCE_ID, HASH_B, HASH_C, JOB_ID, RESULT_ID } from './fixtures.js';
import { FakeTransport, flush, installFakeWindow, loadRenderer, type ClientModule } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));
vi.mock('@contract/analysis-schemas', () => import('../../electron/contract/analysis-schemas.js'));

const OTHER_ID = '77777777-7777-4777-8777-777777777777';

interface Brief {
  resultId: string;
  unknown: boolean;
  topGeneratorKey: string | null;
}
interface CaseAnalysisStore {
  latest: Record<string, Brief | null>;
  batch: { phase: string; jobId: string | null; total: number; done: number; current: string | null; error: string | null; errorCode: string | null; job: { status: string } | null };
  busy: boolean;
  failures: Record<string, string>;
  summary: { attributed: number; skipped: number; failed: number };
  loadLatest(caseId: string): Promise<void>;
  attributeAll(caseId: string, force?: boolean): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}
interface AnalysisStore {
  results: { id: string }[];
  load(evidenceId: string): Promise<void>;
  attribute(): Promise<unknown>;
}

function brief(overrides: Record<string, unknown> = {}) {
  return {
    resultId: RESULT_ID,
    createdAt: '2026-11-25T06:00:00.000Z',
    packId: 'causalprint-base-v1',
    packVersion: '1.0.0',
    libraryHash: HASH_B,
    modelHash: HASH_C,
    unknown: false,
    topGeneratorKey: 'stylegan2',
    probability: 0.9,
    notes: [],
    ...overrides,
  };
}

function attributionJob(overrides: Record<string, unknown> = {}) {
  return {
    id: JOB_ID,
    kind: 'case-attribution',
    caseId: CASE_ID,
    status: 'completed',
    total: 2,
    done: 2,
    current: null,
    summary: {
      attributed: 1,
      skipped: 0,
      failed: 1,
      results: [
        { evidenceId: EVIDENCE_ID, name: 'a.png', status: 'attributed', result: brief() },
        { evidenceId: OTHER_ID, name: 'tiny.png', status: 'failed', errorCode: 'VALIDATION', reason: 'The image is 40×40, smaller than one 64×64 analysis patch.' },
      ],
    },
    error: null,
    ...overrides,
  };
}

let client: ClientModule;
let useCaseAnalysisStore: () => CaseAnalysisStore;
let useAnalysisStore: () => AnalysisStore;

beforeAll(async () => {
  installFakeWindow();
  client = await loadRenderer<ClientModule>('api/client.ts');
  ({ useCaseAnalysisStore, useAnalysisStore } = await loadRenderer<{ useCaseAnalysisStore: () => CaseAnalysisStore; useAnalysisStore: () => AnalysisStore }>('stores/analysis.ts'));
});

let transport: FakeTransport;
beforeEach(() => {
  transport = new FakeTransport();
  client.setApiTransport(transport);
  setActivePinia(createPinia());
  transport.setHandler('analysis:latestByCase', () => [
    { evidenceId: EVIDENCE_ID, latest: null },
    { evidenceId: OTHER_ID, latest: brief({ unknown: true }) },
  ]);
});

describe('case analysis store (grid attribution cells and "Attribute all")', () => {
  it('loads each item\'s newest result, runs the batch from its events and ends with the summary', async () => {
    transport.setHandler('analysis:attributeCase', () => ({ jobId: JOB_ID }));
    const store = useCaseAnalysisStore();
    await store.loadLatest(CASE_ID);
    expect(store.latest[EVIDENCE_ID]).toBeNull();
    expect(store.latest[OTHER_ID]!.unknown).toBe(true);

    await store.attributeAll(CASE_ID);
    expect(transport.calls.find((c) => c.channel === 'analysis:attributeCase')?.input).toEqual({ caseId: CASE_ID, force: false });
    expect(store.batch).toMatchObject({ phase: 'running', jobId: JOB_ID });
    expect(store.busy).toBe(true);

    transport.emit('analysis:progress', { jobId: JOB_ID, caseId: CASE_ID, total: 2, done: 0, current: 'a.png' });
    transport.emit('analysis:progress', { jobId: JOB_ID, caseId: CASE_ID, total: 2, done: 1, current: 'tiny.png', outcome: attributionJob().summary.results[0] });
    await flush();
    expect(store.batch).toMatchObject({ done: 1, total: 2, current: 'tiny.png' });
    expect(store.latest[EVIDENCE_ID]).toMatchObject({ topGeneratorKey: 'stylegan2', unknown: false });

    // Another job's events are not ours.
    transport.emit('analysis:finished', attributionJob({ id: RESULT_ID, status: 'cancelled' }));
    expect(store.batch.phase).toBe('running');

    transport.emit('analysis:finished', attributionJob());
    await flush();
    expect(store.batch).toMatchObject({ phase: 'finished', done: 2, current: null, error: null });
    expect(store.summary).toEqual({ attributed: 1, skipped: 0, failed: 1 });
    expect(store.failures).toEqual({ [OTHER_ID]: 'The image is 40×40, smaller than one 64×64 analysis patch.' });
    expect(store.busy).toBe(false);
    store.dismiss();
    expect(store.batch.phase).toBe('idle');
  });

  it('adopts events that arrive before the job id answer, by case', async () => {
    let answer!: (value: unknown) => void;
    transport.setHandler('analysis:attributeCase', () => new Promise((resolve) => (answer = resolve)));
    const store = useCaseAnalysisStore();
    await store.loadLatest(CASE_ID);
    const starting = store.attributeAll(CASE_ID);
    await flush();
    expect(store.batch.phase).toBe('starting');
    transport.emit('analysis:finished', attributionJob());
    await flush();
    expect(store.batch.phase).toBe('finished');
    answer({ jobId: JOB_ID });
    await starting;
    expect(store.batch).toMatchObject({ phase: 'finished', jobId: JOB_ID });
    expect(store.latest[EVIDENCE_ID]).toMatchObject({ resultId: RESULT_ID });
  });

  it('cancels through jobs:cancel and shows a refusal to start as the batch error', async () => {
    transport.setHandler('analysis:attributeCase', () => ({ jobId: JOB_ID }));
    transport.setHandler('jobs:cancel', () => ({ cancelled: true }));
    const store = useCaseAnalysisStore();
    await store.attributeAll(CASE_ID);
    await store.cancel();
    expect(transport.calls.find((c) => c.channel === 'jobs:cancel')?.input).toEqual({ jobId: JOB_ID });
    transport.emit('analysis:finished', attributionJob({ status: 'cancelled', done: 1, summary: { attributed: 1, skipped: 0, failed: 0, results: [attributionJob().summary.results[0]] } }));
    await flush();
    expect(store.batch.job?.status).toBe('cancelled');

    transport.setHandler('analysis:attributeCase', () => {
      throw new CausalPrintError('CONFLICT', 'An attribution of this case is already running; wait for it or cancel it first.');
    });
    await store.attributeAll(CASE_ID);
    expect(store.batch).toMatchObject({ phase: 'finished', error: 'An attribution of this case is already running; wait for it or cancel it first.', errorCode: 'CONFLICT' });
  });

  it('refreshes the side panel card when the item it shows is attributed, and the panel\'s own result updates the grid', async () => {
    transport.setHandler('analysis:results', () => [attribution()]);
    transport.setHandler('analysis:attributeCase', () => ({ jobId: JOB_ID }));
    const store = useCaseAnalysisStore();
    const panel = useAnalysisStore();
    await store.loadLatest(CASE_ID);
    await panel.load(EVIDENCE_ID);
    const loadsBefore = transport.calls.filter((c) => c.channel === 'analysis:results').length;
    await store.attributeAll(CASE_ID);
    transport.emit('analysis:progress', { jobId: JOB_ID, caseId: CASE_ID, total: 2, done: 1, current: null, outcome: attributionJob().summary.results[0] });
    await flush();
    expect(transport.calls.filter((c) => c.channel === 'analysis:results').length).toBe(loadsBefore + 1);

    transport.setHandler('analysis:attribute', () => attribution({ id: OTHER_ID, evidenceId: OTHER_ID, unknown: false }));
    await panel.load(OTHER_ID);
    await panel.attribute();
    expect(store.latest[OTHER_ID]).toMatchObject({ resultId: OTHER_ID, unknown: false, topGeneratorKey: 'stylegan2' });
  });
});
