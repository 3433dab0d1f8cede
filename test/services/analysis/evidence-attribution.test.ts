import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, InvokeChannel, InvokeInput, InvokeOutput } from '../../../electron/contract/contract.js';
import { dispatchInvoke } from '../../../electron/contract/dispatch.js';
import type { AppContext } from '../../../electron/services/app-context-types.js';
import { createAppContext, workstationOf } from '../../../electron/services/app-context.js';
import { workstationLibrary } from '../../../electron/services/library/library-for-workstation.js';
import { walkSources } from '../../../electron/engine/intake/walk-sources.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from '../library/fake-library-engine.js';

async function solid(file: string, r: number, g: number, b: number): Promise<string> {
  mkdirSync(join(file, '..'), { recursive: true });
  await sharp({ create: { width: 40, height: 40, channels: 3, background: { r, g, b } } }).png().toFile(file);
  return file;
}

describe('analysis:attribute / analysis:results', () => {
  let dir: string;
  let cleanup: () => void;
  let ctx: AppContext;
  let engine: FakeLibraryEngine;
  /** Dispatches like a front door does (payload validated, output checked), typed by channel. */
  const invoke = async <C extends InvokeChannel>(channel: C, input: InvokeInput<C>) =>
    (await dispatchInvoke(ctx.handlers, channel, input)) as Envelope<InvokeOutput<C>>;

  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDir('cp-analysis-'));
    engine = new FakeLibraryEngine();
    ctx = await createAppContext({ home: join(dir, 'home'), mode: 'server', libraryEngine: async () => engine });
    const lib = workstationLibrary(workstationOf(ctx)).service;
    for (const [key, rgb] of [['red', [210, 20, 20]], ['green', [20, 210, 20]]] as const) {
      lib.createGenerator({ key, displayName: key, family: 'gan' });
      const files = [];
      for (let i = 0; i < 3; i++) files.push(await solid(join(dir, 'refs', `${key}-${i}.png`), rgb[0] + i, rgb[1], rgb[2]));
      await lib.enrol(key, await walkSources(files));
    }
  });
  afterEach(async () => {
    await ctx.close();
    cleanup();
  });

  async function importEvidence(): Promise<{ caseId: string; evidenceId: string }> {
    const c = await ctx.handlers['cases:create']({ number: 'A-1', title: 'Attribution', examiner: 'E', description: '' });
    const job = await workstationOf(ctx).importPaths(c.id, [await solid(join(dir, 'evidence', 'q.png'), 200, 25, 22)]);
    return { caseId: c.id, evidenceId: job.summary.results[0]!.evidenceId! };
  }

  it('attributes evidence, stores the result with its hashes and audits it; a re-run reproduces the result hash', async () => {
    const { caseId, evidenceId } = await importEvidence();
    const first = await invoke('analysis:attribute', { evidenceId });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.ranked[0]!.generatorKey).toBe('red');
    expect(first.value.packId).toBe('fake-pack');
    expect(first.value.resultHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await invoke('analysis:attribute', { evidenceId });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.resultHash).toBe(first.value.resultHash);
    const stored = await invoke('analysis:results', { evidenceId });
    expect(stored.ok && stored.value.length).toBe(1);
    const audit = await ctx.handlers['audit:list']({ caseId, limit: 500, offset: 0 });
    const analyses = audit.filter((e) => e.action === 'analysis.attributed');
    expect(analyses).toHaveLength(2);
    expect(analyses[1]!.details).toMatchObject({ outcome: 'red', reproducesPrevious: true, resultHash: first.value.resultHash });
  });

  it("stores the engine's notes on how it read the file with the result, after the intake's, without repeating a topic", async () => {
    const { caseId, evidenceId } = await importEvidence();
    const orientation = 'EXIF orientation 6 ignored: analysed at the stored pixel grid.';
    engine.notesFor = () => [orientation, 'Every patch is flat or clipped: the least flat ones were used, the fingerprint is weak.', orientation];
    const result = await invoke('analysis:attribute', { evidenceId });
    if (!result.ok) throw new Error(result.error.message);
    // The evidence is a solid colour: the intake's flat-image note covers the engine's flat-patches note.
    expect(result.value.notes).toEqual([expect.stringMatching(/^Flat image: every pixel has the same colour/), orientation]);
    const stored = await invoke('analysis:results', { evidenceId });
    expect(stored.ok && stored.value[0]!.notes).toEqual(result.value.notes);
    const latest = await invoke('analysis:latestByCase', { caseId });
    expect(latest.ok && latest.value[0]!.latest!.notes).toEqual(result.value.notes);
  });

  it('refuses to analyse evidence whose vault copy changed, and stores nothing', async () => {
    const { evidenceId } = await importEvidence();
    const ws = workstationOf(ctx);
    const vault = ws.layout.absolute(ws.repos.evidence.get(evidenceId)!.vaultPath);
    chmodSync(vault, 0o644);
    writeFileSync(vault, 'altered');
    const result = await invoke('analysis:attribute', { evidenceId });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INTEGRITY');
      expect(result.error.message).toMatch(/failed its hash check \(mismatch\)/);
    }
    const stored = await invoke('analysis:results', { evidenceId });
    expect(stored.ok && stored.value).toEqual([]);
  });

  it('lists the library and validates it through the contract', async () => {
    const overview = await invoke('library:overview', {});
    expect(overview.ok && overview.value.generators.map((g) => [g.key, g.references])).toEqual([
      ['green', 3],
      ['red', 3],
    ]);
    const validation = await invoke('library:validate', { folds: 3 });
    expect(validation.ok && validation.value.accuracy).toBe(1);
    const bad = await invoke('library:createGenerator', { key: 'Not Valid', displayName: 'x', family: 'gan' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');
  });
});
