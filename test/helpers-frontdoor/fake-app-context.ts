// A small in-memory AppContext for front-door tests: the real services are another engineer's,
// and these tests are about plumbing (validation, auth, routing), not about cases or the vault.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContractHandlers, EventChannel, EventPayload } from '../../electron/contract/contract.js';
import { CausalPrintError } from '../../electron/contract/errors.js';
import type { Case, Settings } from '../../electron/contract/schemas.js';
import type { AppContext, EvidenceAsset, EventSink } from '../../electron/services/app-context-types.js';

export interface FakeAppContext extends AppContext {
  /** Channel names of every handler call, in order. */
  readonly calls: string[];
  /** Files received through writeUpload. */
  readonly uploads: { uploadId: string; index: number; name: string; bytes: Buffer }[];
  /** (evidenceId, asset) pairs asked of resolveEvidenceAsset. */
  readonly assetLookups: [string, EvidenceAsset][];
  /** Id of the one evidence item whose assets exist. */
  readonly evidenceId: string;
  readonly evidenceBytes: Buffer;
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  subscriberCount(): number;
}

const settings: Settings = { examinerName: 'Test Examiner', maxPixels: 100_000_000, maxFileBytes: 5_000_000 };

function sampleCase(overrides: Partial<Case> = {}): Case {
  const now = new Date(0).toISOString();
  return {
    id: randomUUID(), number: 'C-1', title: 'Sample', examiner: 'Test Examiner', description: '',
    status: 'open', createdAt: now, updatedAt: now, evidenceCount: 0, ...overrides,
  };
}

/** Builds the fake; `overrides` replaces individual handlers. */
export function createFakeAppContext(overrides: Partial<ContractHandlers> = {}): FakeAppContext {
  const calls: string[] = [];
  const sinks = new Set<EventSink>();
  const dir = mkdtempSync(join(tmpdir(), 'cp-frontdoor-'));
  const evidenceId = randomUUID();
  const evidenceBytes = Buffer.from('\x89PNG\r\n\x1a\nfake-pixels');
  writeFileSync(join(dir, 'original.png'), evidenceBytes);
  writeFileSync(join(dir, 'thumb.webp'), Buffer.from('RIFF....WEBPVP8 '));

  const notFound = (): never => {
    throw new CausalPrintError('NOT_FOUND', 'No such thing');
  };
  const base: ContractHandlers = {
    'app:info': () => ({ name: 'CausalPrint', version: '0.0.0-test', mode: 'server', home: dir, capabilities: { nativeFileDialog: false, uploads: true } }),
    'cases:list': () => [sampleCase()],
    'cases:create': (input) => sampleCase({ number: input.number, title: input.title, examiner: input.examiner, description: input.description }),
    'cases:get': (input) => sampleCase({ id: input.caseId }),
    'cases:update': (input) => sampleCase({ id: input.caseId }),
    'evidence:list': () => [],
    'evidence:open': notFound,
    'evidence:verifyAll': () => [],
    'evidence:chooseAndImport': () => null,
    'evidence:importUpload': () => ({ jobId: randomUUID() }),
    'uploads:create': () => ({ uploadId: randomUUID() }),
    'jobs:get': notFound,
    'jobs:cancel': () => ({ cancelled: false }),
    'audit:list': () => [],
    'audit:verify': (input) => ({ caseId: input.caseId, ok: true, entries: 0, headHash: null, problems: [], verifiedAt: new Date(0).toISOString() }),
    'settings:get': () => settings,
    'settings:update': (input) => ({ ...settings, ...input }),
    'library:overview': () => ({ libraryHash: '0'.repeat(64), generators: [] }),
    'library:createGenerator': notFound,
    'library:validate': notFound,
    'analysis:attribute': notFound,
    'analysis:results': () => [],
    'analysis:attributeCase': () => ({ jobId: randomUUID() }),
    'analysis:job': notFound,
    'analysis:latestByCase': () => [],
  };
  const handlers = Object.fromEntries(
    Object.entries({ ...base, ...overrides }).map(([channel, fn]) => [
      channel,
      (input: unknown) => {
        calls.push(channel);
        return (fn as (i: unknown) => unknown)(input);
      },
    ]),
  ) as unknown as ContractHandlers;

  const uploads: FakeAppContext['uploads'] = [];
  const assetLookups: FakeAppContext['assetLookups'] = [];
  return {
    home: dir,
    mode: 'server',
    handlers,
    calls,
    uploads,
    assetLookups,
    evidenceId,
    evidenceBytes,
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    emit(channel, payload) {
      for (const sink of sinks) sink(channel, payload);
    },
    subscriberCount: () => sinks.size,
    resolveEvidenceAsset(id, asset) {
      assetLookups.push([id, asset]);
      if (id !== evidenceId) return null;
      return asset === 'original'
        ? { path: join(dir, 'original.png'), mimeType: 'image/png' }
        : { path: join(dir, 'thumb.webp'), mimeType: 'image/webp' };
    },
    async writeUpload(uploadId, index, name, body) {
      const chunks: Buffer[] = [];
      for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
      uploads.push({ uploadId, index, name, bytes: Buffer.concat(chunks) });
    },
    async close() {
      sinks.clear();
    },
  };
}
