// The TS DDIM sampler (used for the SDEdit zoo member) must follow the reconstructor's documented
// sampler exactly: it reproduces the DIRE reconstruction recorded in reconstructor.fixture.json.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureInputTensor } from '../../../electron/engine/models/fixture-input.js';
import { fixtureSchema } from '../../../electron/engine/models/fixture-schema.js';
import { loadPack } from '../../../electron/engine/models/load-pack.js';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';
import { ddimReconstruct, linearAlphaBar } from '../../../electron/engine/zoo/ddim.js';

const PACK = resolveResourcePath('packs/causalprint-base-v1');
const manifest = JSON.parse(await readFile(join(PACK, 'manifest.json'), 'utf8')) as { networks: { id: string; role: string }[] };
const hasReconstructor = manifest.networks.some((n) => n.role === 'reconstructor');
if (!hasReconstructor) console.info('ddim-reconstructor: the pack has no reconstructor yet; the DDIM reference check is skipped.');

interface Recorded {
  name: string;
  fixtureShape: number[];
  slices: { start: number; values: number[] }[];
}

describe('DDIM reconstruction with the pack reconstructor', () => {
  it.skipIf(!hasReconstructor)('reproduces the recorded x_T and x_hat of the fixture image', async () => {
    const pack = await loadPack(PACK);
    const entry = pack.networksWithRole('reconstructor')[0] as unknown as { id: string; schedule: { T: number; betaStart: number; betaEnd: number } };
    const raw = JSON.parse(await readFile(join(PACK, `${entry.id}.fixture.json`), 'utf8')) as { ddimReconstruction: { timesteps: number[]; outputs: Recorded[]; tolerance: { maxAbsDiff: number } } };
    const fixture = fixtureSchema.parse(raw);
    const x0 = fixtureInputTensor(fixture.input);
    const model = pack.createModel(entry.id);
    const eps = async (x: Float32Array, t: number) => (await model.run({ x_t: { data: x, dims: x0.dims }, t: { data: Float32Array.of(t), dims: [1] } }, ['eps'])).eps?.data as Float32Array;
    const { schedule } = entry;
    const { xT, xHat } = await ddimReconstruct(eps, x0.data, linearAlphaBar(schedule.T, schedule.betaStart, schedule.betaEnd), raw.ddimReconstruction.timesteps);
    await model.dispose();
    const tolerance = raw.ddimReconstruction.tolerance.maxAbsDiff;
    const got: Record<string, Float32Array> = { x_T: xT, x_hat: xHat, residual: x0.data.map((v, i) => v - (xHat[i] as number)) };
    let worst = 0;
    for (const recorded of raw.ddimReconstruction.outputs) {
      const values = got[recorded.name];
      expect(values, recorded.name).toBeDefined();
      for (const slice of recorded.slices) slice.values.forEach((v, k) => (worst = Math.max(worst, Math.abs((values?.[slice.start + k] as number) - v))));
    }
    console.info(`ddim-reconstructor: max |diff| ${worst.toExponential(2)} vs recorded (tolerance ${tolerance})`);
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
});
