import type { AppContext } from '../../electron/services/app-context-types.js';
import { createAppContext, workstationOf } from '../../electron/services/app-context.js';
import type { Workstation } from '../../electron/services/workstation.js';
import { makeTempDir } from './temp-home.js';

/** A real AppContext on a temp CAUSALPRINT_HOME, with its workstation and a cleanup. */
export interface Harness {
  home: string;
  ctx: AppContext;
  ws: Workstation;
  dispose(): Promise<void>;
}

export async function openHarness(mode: AppContext['mode'] = 'server'): Promise<Harness> {
  const { dir, cleanup } = makeTempDir('causalprint-home-');
  const ctx = await createAppContext({ home: dir, mode });
  return {
    home: dir,
    ctx,
    ws: workstationOf(ctx),
    dispose: async () => {
      await ctx.close();
      cleanup();
    },
  };
}

/** Creates a case through the contract handler, with sensible defaults. */
export async function createCase(h: Harness, number = 'T-0001') {
  return h.ctx.handlers['cases:create']({ number, title: `Case ${number}`, examiner: 'Test Examiner', description: '' });
}
