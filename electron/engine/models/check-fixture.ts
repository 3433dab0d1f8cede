import { compareWithFixture, type FixtureComparison } from './fixture-compare.js';
import { fixtureFeeds } from './fixture-input.js';
import type { LoadedPack } from './load-pack.js';

/** Runs one network of a verified pack on its recorded fixture and compares the outputs. */
export async function checkNetworkFixture(pack: LoadedPack, id: string): Promise<FixtureComparison & { runMs: number }> {
  const fixture = await pack.readFixture(id);
  const model = pack.createModel(id);
  try {
    await model.load();
    const started = performance.now();
    const outputs = await model.run(fixtureFeeds(fixture));
    const runMs = performance.now() - started;
    return { ...compareWithFixture(fixture, outputs), runMs };
  } finally {
    await model.dispose();
  }
}
