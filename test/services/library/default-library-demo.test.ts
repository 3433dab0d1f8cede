import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AppContext, AppContextOptions } from '../../../electron/services/app-context-types.js';
import { createAppContext, workstationOf } from '../../../electron/services/app-context.js';
import { ensureDemoCase } from '../../../electron/services/demo-case.js';
import { defaultLibraryPath } from '../../../electron/services/library/default-library.js';
import { openPackLibraryEngine } from '../../../electron/services/library/pack-library-engine.js';
import { makeTempDir } from '../../helpers/temp-home.js';
import { FakeLibraryEngine } from './fake-library-engine.js';

const contentHash = (JSON.parse(readFileSync(defaultLibraryPath(), 'utf8')) as { contentHash: string }).contentHash;

let open: { ctx: AppContext; cleanup: () => void } | null = null;
afterEach(async () => {
  if (!open) return;
  await open.ctx.close();
  open.cleanup();
  open = null;
});

async function home(libraryEngine?: AppContextOptions['libraryEngine']) {
  const { dir, cleanup } = makeTempDir('cp-default-demo-');
  const ctx = await createAppContext({ home: dir, mode: 'server', ...(libraryEngine ? { libraryEngine } : {}) });
  open = { ctx, cleanup };
  return { ctx, ws: workstationOf(ctx) };
}

describe('the demo with the default library', () => {
  it('imports the default library into the empty library once and audits it in the demo case', async () => {
    const engine = new FakeLibraryEngine();
    const { ctx, ws } = await home(async () => engine);
    const demo = await ensureDemoCase(ctx);
    const overview = await ctx.handlers['library:overview']({});
    expect(overview.generators.length).toBeGreaterThan(2);
    const imported = ws.repos.audit.list(demo.id).filter((e) => e.action === 'library.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]!.details).toMatchObject({ contentHash, referencesSkipped: 0 });
    await ensureDemoCase(ctx);
    expect(ws.repos.audit.list(demo.id).filter((e) => e.action === 'library.imported')).toHaveLength(1);
    expect((await ctx.handlers['library:overview']({})).libraryHash).toBe(overview.libraryHash);
  });

  it('leaves a library that has entries alone', async () => {
    const { ctx, ws } = await home(async () => new FakeLibraryEngine());
    await ctx.handlers['library:createGenerator']({ key: 'mine', displayName: 'Mine', family: 'gan', version: '', notes: '', isReal: false });
    const demo = await ensureDemoCase(ctx);
    expect((await ctx.handlers['library:overview']({})).generators.map((g) => g.key)).toEqual(['mine']);
    expect(ws.repos.audit.list(demo.id).filter((e) => e.action === 'library.imported')).toEqual([]);
  });

  it(
    'attributes a demo photo right away with the real engine: a ranked list over the default entries, from the shipped fingerprints',
    async () => {
      const fingerprinted: string[] = [];
      const { ctx, ws } = await home(async () => {
        const engine = await openPackLibraryEngine();
        const fingerprintFile = engine.fingerprintFile.bind(engine);
        return Object.assign(engine, { fingerprintFile: (path: string, signal?: AbortSignal) => (fingerprinted.push(path), fingerprintFile(path, signal)) });
      });
      const demo = await ensureDemoCase(ctx);
      const chelsea = ws.repos.evidence.listByCase(demo.id).find((e) => e.originalName === 'chelsea.png')!;
      const result = await ctx.handlers['analysis:attribute']({ evidenceId: chelsea.id });
      const keys = (await ctx.handlers['library:overview']({})).generators.map((g) => g.key);
      expect(result.ranked.length).toBe(keys.length);
      expect(result.ranked.map((r) => r.generatorKey).sort()).toEqual([...keys].sort());
      const probabilities = result.ranked.map((r) => r.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      // Only the evidence was fingerprinted: the 285 references came with their fingerprints
      // (default-library-fingerprints.test.ts checks they are the current engine's).
      expect(fingerprinted).toEqual([ws.layout.absolute(chelsea.vaultPath)]);
      console.log(`default library on chelsea.png: ${result.unknown ? 'UNKNOWN' : result.ranked[0]!.generatorKey} (top ${result.ranked.slice(0, 3).map((r) => `${r.generatorKey} ${r.probability.toFixed(3)}`).join(', ')})`);
    },
    300_000,
  );
});
