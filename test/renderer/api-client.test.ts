import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CausalPrintError } from '../../electron/contract/errors.js';
import { attribution, CASE_ID, JOB_ID, UPLOAD_ID } from './fixtures.js';
import { FakeTransport, installFakeWindow, loadRenderer, type ClientModule } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));

let client: ClientModule;
beforeAll(async () => {
  installFakeWindow();
  client = await loadRenderer<ClientModule>('api/client.ts');
});

/** The client's errors are the renderer's instance of CausalPrintError (a mocked module copy), so compare by shape. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; code: string; message: string; details?: unknown };
  }
  throw new Error('expected a rejection');
}

describe('ApiClient', () => {
  it('returns answers that match the contract, parsed (defaults applied)', async () => {
    const transport = new FakeTransport({ 'analysis:results': () => [attribution()] });
    const api = new client.ApiClient(transport);
    const results = await api.invoke('analysis:results', { evidenceId: attribution().evidenceId });
    expect(results).toHaveLength(1);
    expect(results[0]!.ranked[0]!.generatorKey).toBe('stylegan2');
    expect(transport.calls).toEqual([{ channel: 'analysis:results', input: { evidenceId: attribution().evidenceId } }]);
  });

  it('turns a malformed answer into a clear INTERNAL error naming the channel', async () => {
    const transport = new FakeTransport({ 'analysis:attribute': () => ({ ...attribution(), libraryHash: 'not-a-hash' }) });
    const api = new client.ApiClient(transport);
    const error = await failure(api.invoke('analysis:attribute', { evidenceId: attribution().evidenceId }));
    expect(error.name).toBe('CausalPrintError');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('The workstation sent an unexpected answer to analysis:attribute; please report this.');
    expect(Array.isArray(error.details)).toBe(true);
  });

  it('rebuilds error envelopes as CausalPrintError with the server message, code and details', async () => {
    const message = 'The library needs references for at least two generators before it can attribute anything.';
    const transport = new FakeTransport({
      'library:validate': () => {
        throw new CausalPrintError('VALIDATION', message);
      },
      'analysis:attribute': () => {
        throw new CausalPrintError('INTEGRITY', '"x.png" failed its hash check (mismatch); it is not analysed.', { evidenceId: 'e' });
      },
    });
    const api = new client.ApiClient(transport);
    const validation = await failure(api.invoke('library:validate', { folds: 5 }));
    expect(validation).toMatchObject({ name: 'CausalPrintError', code: 'VALIDATION', message });
    const integrity = await failure(api.invoke('analysis:attribute', { evidenceId: attribution().evidenceId }));
    expect(integrity).toMatchObject({ code: 'INTEGRITY', message: '"x.png" failed its hash check (mismatch); it is not analysed.', details: { evidenceId: 'e' } });
  });

  it('reports a transport that throws as IO "could not be reached"', async () => {
    const transport = new FakeTransport({
      'app:info': () => {
        throw new TypeError('socket hang up');
      },
    });
    const error = await failure(new client.ApiClient(transport).invoke('app:info', {}));
    expect(error).toMatchObject({ code: 'IO', message: 'The workstation could not be reached: socket hang up' });
  });

  it('passes valid events and drops malformed ones', () => {
    const transport = new FakeTransport();
    const api = new client.ApiClient(transport);
    const seen: unknown[] = [];
    const off = api.on('jobs:progress', (payload) => seen.push(payload));
    const good = { jobId: JOB_ID, caseId: CASE_ID, total: 3, done: 1, current: 'a.png' };
    transport.emit('jobs:progress', good);
    transport.emit('jobs:progress', { ...good, done: -1 });
    transport.emit('jobs:progress', 'garbage');
    off();
    transport.emit('jobs:progress', good);
    expect(seen).toEqual([good]);
  });

  it('uploads every file into one area and reports progress', async () => {
    const transport = new FakeTransport({ 'uploads:create': () => ({ uploadId: UPLOAD_ID }) });
    const api = new client.ApiClient(transport);
    const sent: number[] = [];
    const id = await api.uploadFiles([{ file: {}, name: 'a.png' }, { file: {}, name: 'dir/b.png' }], (n) => sent.push(n));
    expect(id).toBe(UPLOAD_ID);
    expect(transport.uploaded).toEqual(['a.png', 'dir/b.png']);
    expect(sent).toEqual([1, 2]);
    expect(transport.calls[0]).toEqual({ channel: 'uploads:create', input: { fileCount: 2 } });
  });
});
