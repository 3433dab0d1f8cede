import { createPinia, setActivePinia } from 'pinia';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CausalPrintError } from '../../electron/contract/errors.js';
import { attribution, CASE_ID, EVIDENCE_ID, generator, HASH_B, JOB_ID, job, RESULT_ID, UPLOAD_ID } from './fixtures.js';
import { FakeTransport, flush, installFakeWindow, loadRenderer, type ClientModule } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));

interface Toast {
  kind: 'error' | 'info';
  message: string;
}
interface ImportsStore {
  phase: string;
  jobId: string | null;
  total: number;
  done: number;
  results: { name: string; status: string }[];
  error: string | null;
  reset(caseId: string): void;
  choose(files: readonly { name: string; webkitRelativePath?: string }[]): void;
  startUpload(): Promise<void>;
}
interface AnalysisStore {
  results: { id: string }[];
  shown: { id: string } | null;
  error: string | null;
  errorCode: string | null;
  attributing: boolean;
  load(evidenceId: string): Promise<void>;
  attribute(): Promise<unknown>;
  show(id: string): void;
}
interface LibraryStore {
  overview: { libraryHash: string; generators: { key: string }[] } | null;
  validation: unknown;
  validationError: string | null;
  load(): Promise<void>;
  validate(folds?: number): Promise<void>;
  createGenerator(input: Record<string, unknown>): Promise<{ key: string }>;
}

let client: ClientModule;
let useImportsStore: () => ImportsStore;
let useAnalysisStore: () => AnalysisStore;
let useLibraryStore: () => LibraryStore;
interface CasesStore {
  current: { id: string; number: string } | null;
  currentError: string | null;
  loadList(): Promise<void>;
  open(caseId: string): Promise<void>;
}
let useCasesStore: () => CasesStore;
let useNotificationsStore: () => { toasts: Toast[] };

beforeAll(async () => {
  installFakeWindow();
  client = await loadRenderer<ClientModule>('api/client.ts');
  ({ useImportsStore } = await loadRenderer<{ useImportsStore: () => ImportsStore }>('stores/imports.ts'));
  ({ useAnalysisStore } = await loadRenderer<{ useAnalysisStore: () => AnalysisStore }>('stores/analysis.ts'));
  ({ useLibraryStore } = await loadRenderer<{ useLibraryStore: () => LibraryStore }>('stores/library.ts'));
  ({ useCasesStore } = await loadRenderer<{ useCasesStore: () => CasesStore }>('stores/cases.ts'));
  ({ useNotificationsStore } = await loadRenderer<{ useNotificationsStore: () => { toasts: Toast[] } }>('stores/notifications.ts'));
});

let transport: FakeTransport;
beforeEach(() => {
  transport = new FakeTransport();
  client.setApiTransport(transport);
  setActivePinia(createPinia());
});

describe('imports store', () => {
  it('keeps job events that arrive before the job id is known, then finishes from them', async () => {
    transport.setHandler('uploads:create', () => ({ uploadId: UPLOAD_ID }));
    transport.setHandler('evidence:importUpload', () => {
      // The server's job runs ahead of the HTTP answer: progress and the end are pushed first.
      transport.emit('jobs:progress', { jobId: JOB_ID, caseId: CASE_ID, total: 2, done: 1, current: 'a.png', result: { name: 'a.png', status: 'imported' } });
      transport.emit('jobs:finished', job());
      return { jobId: JOB_ID };
    });
    transport.setHandler('jobs:get', () => job());
    const imports = useImportsStore();
    imports.reset(CASE_ID);
    imports.choose([{ name: 'a.png' }, { name: 'b.txt', webkitRelativePath: 'dir/b.txt' }]);
    await imports.startUpload();
    await flush();
    expect(transport.uploaded).toEqual(['a.png', 'dir/b.txt']);
    expect(imports.jobId).toBe(JOB_ID);
    expect(imports.phase).toBe('finished');
    expect(imports.done).toBe(2);
    expect(imports.results.map((r) => r.status)).toEqual(['imported', 'rejected']);
    // Finished from the buffered event: no poll was needed.
    expect(transport.calls.some((call) => call.channel === 'jobs:get')).toBe(false);
  });

  it('ignores events of other jobs once its own job is known', async () => {
    transport.setHandler('uploads:create', () => ({ uploadId: UPLOAD_ID }));
    transport.setHandler('evidence:importUpload', () => ({ jobId: JOB_ID }));
    transport.setHandler('jobs:get', () => job({ status: 'running', done: 0, summary: { imported: 0, duplicates: 0, rejected: 0, results: [] } }));
    const imports = useImportsStore();
    imports.reset(CASE_ID);
    imports.choose([{ name: 'a.png' }]);
    await imports.startUpload();
    await flush();
    expect(imports.phase).toBe('importing');
    transport.emit('jobs:finished', job({ id: RESULT_ID }));
    expect(imports.phase).toBe('importing');
    transport.emit('jobs:progress', { jobId: JOB_ID, caseId: CASE_ID, total: 2, done: 1, current: 'a.png' });
    expect(imports.done).toBe(1);
    transport.emit('jobs:finished', job());
    expect(imports.phase).toBe('finished');
  });

  it('shows the server refusal of an upload as the import error and a toast', async () => {
    transport.setHandler('uploads:create', () => {
      throw new CausalPrintError('VALIDATION', 'Too many files in one upload.');
    });
    const imports = useImportsStore();
    imports.reset(CASE_ID);
    imports.choose([{ name: 'a.png' }]);
    await imports.startUpload();
    expect(imports.phase).toBe('finished');
    expect(imports.error).toBe('Too many files in one upload.');
    expect(useNotificationsStore().toasts.map((t) => t.message)).toEqual(['Too many files in one upload.']);
  });
});

describe('analysis store', () => {
  it('loads stored results, attributes, and shows the newest first', async () => {
    const older = attribution({ id: '77777777-7777-4777-8777-777777777777', createdAt: '2026-11-24T06:00:00.000Z' });
    transport.setHandler('analysis:results', () => [older]);
    transport.setHandler('analysis:attribute', () => attribution());
    const analysis = useAnalysisStore();
    await analysis.load(EVIDENCE_ID);
    expect(analysis.shown?.id).toBe(older.id);
    await analysis.attribute();
    expect(analysis.results.map((r) => r.id)).toEqual([RESULT_ID, older.id]);
    expect(analysis.shown?.id).toBe(RESULT_ID);
    analysis.show(older.id);
    expect(analysis.shown?.id).toBe(older.id);
    expect(transport.calls.find((c) => c.channel === 'analysis:attribute')?.input).toEqual({ evidenceId: EVIDENCE_ID });
  });

  it('keeps the refusal in the store (code and message) for the card, and clears it on the next item', async () => {
    transport.setHandler('analysis:results', () => []);
    transport.setHandler('analysis:attribute', () => {
      throw new CausalPrintError('INTEGRITY', '"a.png" failed its hash check (mismatch); it is not analysed.');
    });
    const analysis = useAnalysisStore();
    await analysis.load(EVIDENCE_ID);
    expect(await analysis.attribute()).toBeNull();
    expect(analysis.error).toBe('"a.png" failed its hash check (mismatch); it is not analysed.');
    expect(analysis.errorCode).toBe('INTEGRITY');
    expect(analysis.attributing).toBe(false);
    await analysis.load('88888888-8888-4888-8888-888888888888');
    expect(analysis.error).toBeNull();
  });

  it('drops an answer that arrives after the analyst moved to another item', async () => {
    let release: (value: unknown) => void = () => undefined;
    transport.setHandler('analysis:results', () => []);
    transport.setHandler('analysis:attribute', () => new Promise((resolve) => (release = resolve)));
    const analysis = useAnalysisStore();
    await analysis.load(EVIDENCE_ID);
    const running = analysis.attribute();
    await flush();
    await analysis.load('88888888-8888-4888-8888-888888888888');
    release(attribution());
    await running;
    expect(analysis.results).toEqual([]);
  });
});

describe('library store', () => {
  it('loads the overview and creates an entry, reloading afterwards', async () => {
    const entries = [generator()];
    transport.setHandler('library:overview', () => ({ libraryHash: HASH_B, generators: entries }));
    transport.setHandler('library:createGenerator', (input) => {
      const created = generator({ ...(input as object), id: '99999999-9999-4999-8999-999999999999', references: 0 });
      entries.push(created);
      return created;
    });
    const library = useLibraryStore();
    await library.load();
    expect(library.overview?.generators.map((g) => g.key)).toEqual(['stylegan2']);
    await library.createGenerator({ key: 'sd15', displayName: 'Stable Diffusion 1.5', family: 'diffusion' });
    expect(library.overview?.generators.map((g) => g.key)).toEqual(['stylegan2', 'sd15']);
  });

  it('keeps a validation refusal as text for the view', async () => {
    const message = 'The library needs references for at least two generators before it can attribute anything.';
    transport.setHandler('library:validate', () => {
      throw new CausalPrintError('VALIDATION', message);
    });
    const library = useLibraryStore();
    await library.validate();
    expect(library.validationError).toBe(message);
    expect(library.validation).toBeNull();
    expect(transport.calls[0]).toEqual({ channel: 'library:validate', input: { folds: 5 } });
  });
});

describe('cases store', () => {
  const listed = { id: CASE_ID, number: '2026-001', title: 'Listed', examiner: 'E', description: '', status: 'open', createdAt: 'x', updatedAt: 'x', evidenceCount: 1 };

  it('shows the listed row at once when a case is opened from the list, then the fresh copy', async () => {
    let answer: (value: unknown) => void = () => undefined;
    transport.setHandler('cases:list', () => [listed]);
    transport.setHandler('cases:get', () => new Promise((resolve) => (answer = resolve)));
    const cases = useCasesStore();
    await cases.loadList();
    const opening = cases.open(CASE_ID);
    expect(cases.current?.number).toBe('2026-001');
    answer({ ...listed, number: '2026-001-fresh' });
    await opening;
    expect(cases.current?.number).toBe('2026-001-fresh');
  });

  it('has no placeholder for a case that is not in the list, and keeps the server refusal', async () => {
    transport.setHandler('cases:get', () => {
      throw new CausalPrintError('NOT_FOUND', 'No case with id x.');
    });
    const cases = useCasesStore();
    const opening = cases.open(CASE_ID);
    expect(cases.current).toBeNull();
    await opening;
    expect(cases.currentError).toBe('No case with id x.');
  });
});
