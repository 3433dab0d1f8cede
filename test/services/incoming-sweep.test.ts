import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createAppContext } from '../../electron/services/app-context.js';
import { HomeLayout } from '../../electron/services/home-layout.js';
import { STALE_INCOMING_MS, sweepStaleIncoming } from '../../electron/services/incoming-sweep.js';
import { makeTempDir } from '../helpers/temp-home.js';

const temp = makeTempDir('causalprint-sweep-');
afterEach(() => vi.restoreAllMocks());
afterAll(() => temp.cleanup());

describe('sweepStaleIncoming', () => {
  it('removes temp files an interrupted import left behind, and only old ones', async () => {
    const layout = new HomeLayout(join(temp.dir, 'home'));
    const incoming = layout.incomingDir('case-a');
    mkdirSync(incoming, { recursive: true });
    const stale = join(incoming, 'old.part');
    const fresh = join(incoming, 'running.part');
    writeFileSync(stale, 'half a photo');
    writeFileSync(fresh, 'being copied right now');
    const longAgo = (Date.now() - STALE_INCOMING_MS - 60_000) / 1000;
    utimesSync(stale, longAgo, longAgo);

    expect(sweepStaleIncoming(layout)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(sweepStaleIncoming(new HomeLayout(join(temp.dir, 'no-such-home')))).toEqual([]);
  });

  it('runs when a workstation opens its home', async () => {
    const home = join(temp.dir, 'home2');
    const incoming = new HomeLayout(home).incomingDir('case-b');
    mkdirSync(incoming, { recursive: true });
    const stale = join(incoming, 'crash.part');
    writeFileSync(stale, 'x');
    utimesSync(stale, 0, 0);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ctx = await createAppContext({ home, mode: 'cli' });
    await ctx.close();
    expect(existsSync(stale)).toBe(false);
    expect(warn).toHaveBeenCalledWith('CausalPrint: removed 1 temp file(s) left by an interrupted import.');
  });
});
