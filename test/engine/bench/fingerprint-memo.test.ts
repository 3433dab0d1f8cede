import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoiseFingerprints, type EngineLike } from '../../../electron/engine/bench/fingerprint-memo.js';
import { cloneImage } from '../../../electron/engine/bench/image-io.js';
import { syntheticImage } from '../baselines/synthetic-generators.js';

function countingEngine(): EngineLike & { calls: number } {
  const engine = {
    calls: 0,
    async fingerprint() {
      engine.calls++;
      return { timingsMs: { patches: engine.calls, residual: 10 }, cpuMs: { patches: 1, residual: 2 * engine.calls } };
    },
  };
  return engine;
}

describe('memoiseFingerprints', () => {
  it('computes a fingerprint once per pixel content, whatever the object', async () => {
    const engine = countingEngine();
    memoiseFingerprints(engine);
    const image = syntheticImage('checker', 1);
    await engine.fingerprint(image);
    await engine.fingerprint(cloneImage(image));
    expect(engine.calls).toBe(1);
    await engine.fingerprint(syntheticImage('checker', 2));
    await engine.fingerprint(image, { maxPatches: 4 });
    expect(engine.calls).toBe(3);
  });

  it('bypasses the cache while timing and reports per-stage medians', async () => {
    const engine = countingEngine();
    const memo = memoiseFingerprints(engine);
    const image = syntheticImage('real', 1);
    await engine.fingerprint(image);
    memo.setTiming(true);
    for (let i = 0; i < 3; i++) await engine.fingerprint(image);
    memo.setTiming(false);
    expect(engine.calls).toBe(4);
    expect(memo.takeStageMedians()).toEqual({ wall: { patches: 3, residual: 10, 'fingerprint total': 13 }, cpu: { patches: 1, residual: 6, 'fingerprint total': 7 } });
    expect(memo.takeStageMedians()).toEqual({ wall: {}, cpu: {} });
  });

  it('persists fingerprints on disk so a second process (here: a second engine) reuses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-memo-'));
    try {
      const first = countingEngine();
      memoiseFingerprints(first, dir);
      const image = syntheticImage('checker', 3);
      const computed = await first.fingerprint(image);
      const second = countingEngine();
      memoiseFingerprints(second, dir);
      expect(await second.fingerprint(cloneImage(image))).toEqual(computed);
      expect(second.calls).toBe(0);
      await second.fingerprint(syntheticImage('checker', 4));
      expect(second.calls).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
