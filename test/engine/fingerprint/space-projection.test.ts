import { describe, expect, it } from 'vitest';
import { fitSpaceProjection, projectSpace, squaredDistance, type SpaceProjectionOptions, type SpaceSample } from '../../../electron/engine/fingerprint/space-projection.js';
import { rng } from './synthetic-data.js';

const OPTIONS: SpaceProjectionOptions = {
  maxComponents: 6,
  maxPcaSamples: 15,
  nuisanceRatio: 1,
  nuisanceShare: 0.8,
  maxRemovedShare: 0,
  shrinkage: 0.1,
  decouple: false,
  clusters: 'generator',
  contentDirections: 0,
};

/** Three labels of 10 samples in 8 dimensions; "real" spreads widely, the generators are tight. */
function samples(): SpaceSample[] {
  const random = rng(5);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const out: SpaceSample[] = [];
  for (const [label, centre, spread] of [['gen-a', 2, 0.3], ['gen-b', -2, 0.3], ['real', 0, 3]] as const) {
    for (let i = 0; i < 10; i++) {
      const x = Array.from({ length: 8 }, (_, j) => (j === 0 ? centre : 0) + spread * gauss());
      out.push({ x, label, imageId: `${label}-${i}` });
    }
  }
  return out;
}

/** Squared distances between the projections of every pair of probes (sign-free summary of a projection). */
function pairwise(p: ReturnType<typeof fitSpaceProjection>, probes: readonly SpaceSample[]): number[] {
  const z = probes.map((s) => projectSpace(p, s.x));
  return z.flatMap((a, i) => z.slice(i + 1).map((b) => squaredDistance(a, b)));
}

describe('fitSpaceProjection balance', () => {
  it('label-balanced: replicating one label’s references leaves the projection unchanged; sample-weighted: it does not', () => {
    const base = samples();
    // The real class three times over (same references, e.g. enrolled from three collections that overlap).
    const real = base.filter((s) => s.label === 'real');
    const replicated = [...base, ...real.map((s) => ({ ...s, imageId: `${s.imageId}-copy1` })), ...real.map((s) => ({ ...s, imageId: `${s.imageId}-copy2` }))];
    const probes = base.filter((_, i) => i % 3 === 0);

    const balanced = { ...OPTIONS, balance: 'label' as const };
    const once = pairwise(fitSpaceProjection('s', base, balanced), probes);
    const thrice = pairwise(fitSpaceProjection('s', replicated, balanced), probes);
    thrice.forEach((d, i) => expect(d).toBeCloseTo(once[i]!, 8));

    const sampleOnce = pairwise(fitSpaceProjection('s', base, OPTIONS), probes);
    const sampleThrice = pairwise(fitSpaceProjection('s', replicated, OPTIONS), probes);
    const largest = Math.max(...sampleOnce.map((d, i) => Math.abs(d - sampleThrice[i]!) / Math.max(1e-9, d)));
    expect(largest).toBeGreaterThan(0.05);
  });

  it('sample weighting is the default', () => {
    const base = samples();
    expect(fitSpaceProjection('s', base, OPTIONS)).toEqual(fitSpaceProjection('s', base, { ...OPTIONS, balance: 'sample' }));
  });
});
