import { describe, expect, it } from 'vitest';
import { attribute, embedFingerprint, fitLibraryModel, hashModel, resolveHead } from '../../../electron/engine/fingerprint/library-model.js';
import { projectSpace } from '../../../electron/engine/fingerprint/space-projection.js';
import { axis, CONTENT_AXIS, DIM, PROCESSING_AXIS, synthetic } from './synthetic-data.js';

/** F before the cluster-span restriction, for a one-space model: the whitened coordinates × √(w / k). */
function fusedForTest(model: Awaited<ReturnType<typeof fitLibraryModel>>, spaces: Record<string, Float32Array>): number[] {
  const space = model.spaces[0]!;
  const z = projectSpace(space, spaces[space.spaceId]!);
  return Array.from(z, (v) => v * Math.sqrt(space.weight / z.length));
}

describe('fitLibraryModel', () => {
  const labels = ['gan-a', 'gan-b', 'vae-c', 'diff-d'];
  const train = synthetic(labels, 30, 1);

  it('projects out injected content and processing directions and keeps class separation', async () => {
    // The ratio-tested mechanism alone (the default also removes content outright and enrols processing).
    const ratioTested = { maxComponents: 20, nuisanceShare: 0.5, maxRemovedShare: 0.5, contentDirections: 0, decoupleProcessing: true };
    const model = await fitLibraryModel(train, { projection: ratioTested });
    const space = model.spaces[0]!;
    // Exactly the two injected nuisance axes: directions where classes do not differ but noise is small stay.
    expect(space.decoupling.removed).toBe(2);
    const zero = projectSpace(space, new Float32Array(DIM));
    const response = (j: number) => Math.hypot(...Array.from(projectSpace(space, axis(j))).map((v, i) => v - zero[i]!));
    const classAxis = Math.max(...[0, 1, 2, 3, 4, 5].map(response));
    expect(response(CONTENT_AXIS)).toBeLessThan(0.05 * classAxis);
    expect(response(PROCESSING_AXIS)).toBeLessThan(0.05 * classAxis);

    const undecoupled = (await fitLibraryModel(train, { projection: { ...ratioTested, decouple: false } })).spaces[0]!;
    const zeroU = projectSpace(undecoupled, new Float32Array(DIM));
    const contentU = Math.hypot(...Array.from(projectSpace(undecoupled, axis(CONTENT_AXIS))).map((v, i) => v - zeroU[i]!));
    // Whitening alone shrinks the content axis; projecting it out shrinks it further (by ~3× here).
    expect(response(CONTENT_AXIS)).toBeLessThan(0.5 * contentU);

    // Held-out images with content far outside the training range are still attributed.
    const test = synthetic(labels, 10, 1, 40).filter((r) => r.processing === undefined);
    const correct = test.filter((r) => attribute(model, r.fingerprint).ranked[0]!.generatorId === r.generatorId).length;
    expect(correct / test.length).toBeGreaterThan(0.95);
  });

  it('removes the top content directions unconditionally, whatever the ratio test says', async () => {
    const responseIn = (space: Parameters<typeof projectSpace>[0]) => {
      const zero = projectSpace(space, new Float32Array(DIM));
      return (j: number) => Math.hypot(...Array.from(projectSpace(space, axis(j))).map((v, i) => v - zero[i]!));
    };
    // No ratio-tested removal at all (cap 0): only the one forced content direction goes.
    const contentOnly = (await fitLibraryModel(train, { projection: { maxComponents: 20, maxRemovedShare: 0, contentDirections: 1, decoupleProcessing: false } })).spaces[0]!;
    expect(contentOnly.decoupling.removed).toBe(1);
    expect((await fitLibraryModel(train, { projection: { maxComponents: 20, maxRemovedShare: 0, contentDirections: 0, decoupleProcessing: false } })).spaces[0]!.decoupling.removed).toBe(0);
    const r = responseIn(contentOnly);
    const classAxis = Math.max(...[0, 1, 2, 3, 4, 5].map(r));
    expect(r(CONTENT_AXIS)).toBeLessThan(0.05 * classAxis);
  });

  it('gives the same model, hash and numbers for the same inputs', async () => {
    const a = await fitLibraryModel(train);
    const b = await fitLibraryModel(train);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashModel(JSON.parse(JSON.stringify(a)))).toBe(a.hash);
    const probe = train[5]!.fingerprint;
    expect(attribute(a, probe)).toEqual(attribute(b, probe));
    const changed = await fitLibraryModel(train.slice(2));
    expect(changed.hash).not.toBe(a.hash);
  });

  it('calibrates probabilities and flags a generator it was never shown as unknown', async () => {
    const all = synthetic([...labels, 'never-enrolled'], 30, 7, 8, 'never-enrolled');
    const model = await fitLibraryModel(all.filter((r) => r.generatorId !== 'never-enrolled'), { falseUnknownRate: 0.05 });
    expect(model.calibration.temperature).toBeGreaterThan(0);
    expect(model.unknown.falseUnknownRate).toBe(0.05);
    const originals = synthetic([...labels, 'never-enrolled'], 40, 7, 8, 'never-enrolled').filter((r) => r.processing === undefined);
    const known = originals.filter((r) => r.generatorId !== 'never-enrolled').map((r) => attribute(model, r.fingerprint));
    const unknown = originals.filter((r) => r.generatorId === 'never-enrolled').map((r) => attribute(model, r.fingerprint));
    for (const a of known) expect(a.ranked.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 9);
    const falseUnknown = known.filter((a) => a.unknown).length / known.length;
    expect(falseUnknown).toBeLessThan(0.2);
    expect(unknown.filter((a) => a.unknown).length / unknown.length).toBeGreaterThan(0.8);
  });

  it('refuses a library with a single generator', async () => {
    await expect(fitLibraryModel(train.filter((r) => r.generatorId === 'gan-a'))).rejects.toThrow(/at least two generators/);
  });

  it('enrols one cluster per generator and processing condition, and scores a generator by its nearest cluster', async () => {
    const model = await fitLibraryModel(train, { head: 'nearest-cluster' });
    expect(model.options.projection.clusters).toBe('processing');
    expect(model.classes.map((c) => `${c.generatorId}/${c.condition}`)).toEqual(labels.flatMap((l) => [`${l}/as-delivered`, `${l}/jpeg-75`]).sort());
    const perGenerator = await fitLibraryModel(train, { head: 'nearest-cluster', projection: { clusters: 'generator' } });
    expect(perGenerator.classes.map((c) => c.condition)).toEqual(labels.map(() => 'all'));
    expect(perGenerator.hash).not.toBe(model.hash);
    const probe = train.find((r) => r.processing === 'jpeg-75')!;
    const result = attribute(model, probe.fingerprint);
    expect(result.ranked.map((r) => r.generatorId).sort()).toEqual([...labels].sort());
    expect(result.ranked[0]!.generatorId).toBe(probe.generatorId);
  });

  it('ranks with a calibrated logistic head on the fused fingerprint when asked while the unknown score stays a cluster distance', async () => {
    const model = await fitLibraryModel(train, { head: 'logistic' });
    expect(model.options.head).toBe('logistic');
    expect(model.blend).toBeUndefined();
    expect(model.head?.kind).toBe('logistic');
    expect(model.head?.generators.length).toBe(model.classes.length);
    const nearest = await fitLibraryModel(train, { head: 'nearest-cluster' });
    expect(nearest.head).toBeUndefined();
    const test = synthetic(labels, 10, 1, 40).filter((r) => r.processing === undefined);
    const results = test.map((r) => attribute(model, r.fingerprint));
    const correct = results.filter((a, i) => a.ranked[0]!.generatorId === test[i]!.generatorId).length;
    expect(correct / test.length).toBeGreaterThan(0.95);
    for (const a of results) expect(a.ranked.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 9);
    // The open-set score is the nearest-cluster distance, the same as without the head.
    expect(results[0]!.unknownScore).toBeCloseTo(attribute(nearest, test[0]!.fingerprint).unknownScore, 12);
    expect((await fitLibraryModel(train, { head: 'logistic' })).hash).toBe(model.hash);
  });

  it('chooses the blend of head and nearest cluster when the generators have enough references, the nearest cluster otherwise', async () => {
    const few = synthetic(labels, 6, 3);
    expect(resolveHead('auto', few)).toBe('nearest-cluster');
    expect(resolveHead('auto', train)).toBe('blend');
    expect(resolveHead('logistic', few)).toBe('logistic');
    // The median decides: one small generator does not switch a library of large ones.
    const mixed = [...train.filter((r) => r.generatorId !== 'gan-a'), ...few.filter((r) => r.generatorId === 'gan-a')];
    expect(resolveHead('auto', mixed)).toBe('blend');
    // Processed copies do not count as references.
    expect(few.some((r) => r.processing !== undefined)).toBe(true);
    const fewModel = await fitLibraryModel(few);
    expect(fewModel.options.head).toBe('nearest-cluster');
    expect(fewModel.head).toBeUndefined();
    // …with sample-weighted estimates, unless the caller chose a weighting; the blend keeps label balance.
    expect(fewModel.options.projection.balance).toBe('sample');
    expect((await fitLibraryModel(few, { projection: { balance: 'label' } })).options.projection.balance).toBe('label');
    expect((await fitLibraryModel(few, { head: 'nearest-cluster' })).options.projection.balance).toBe('label');
    const manyModel = await fitLibraryModel(train);
    expect(manyModel.options.head).toBe('blend');
    expect(manyModel.blend).toBeDefined();
    expect(manyModel.options.projection.balance).toBe('label');
  });

  it("reports each space's share of the head's logit, centred over generators, as the per-space evidence", async () => {
    const model = await fitLibraryModel(train, { head: 'logistic' });
    const probe = synthetic(labels, 3, 1, 40).find((r) => r.processing === undefined)!;
    const result = attribute(model, probe.fingerprint);
    expect(result.perSpaceKind).toBe('logit');
    const row = result.perSpace.s!;
    expect(Object.keys(row).sort()).toEqual([...labels].sort());
    // Centred: the shares sum to zero over generators, and the one space favours the top generator.
    expect(Object.values(row).reduce((a, v) => a + v, 0)).toBeCloseTo(0, 9);
    const favoured = Object.entries(row).sort((a, b) => b[1] - a[1])[0]![0];
    expect(favoured).toBe(result.ranked[0]!.generatorId);
    // With a single space the share is the whole logit of each generator's best cluster, less the bias: rebuild it.
    const head = model.head!;
    const fused = fusedForTest(model, probe.fingerprint.spaces);
    const z = fused.map((v, j) => (v - head.mean[j]!) / head.scale[j]!);
    const best = new Map<string, number>();
    head.weights.forEach((w, c) => {
      const logit = head.bias[c]! + w.reduce((a, v, j) => a + v * z[j]!, 0);
      const g = head.generators[c]!;
      if (!best.has(g) || logit > best.get(g)!) best.set(g, logit);
    });
    const bestRow = [...best.keys()].map((g) => {
      const c = head.generators.findIndex((h, i) => h === g && Math.abs(head.bias[i]! + head.weights[i]!.reduce((a, v, j) => a + v * z[j]!, 0) - best.get(g)!) < 1e-12);
      return [g, best.get(g)! - head.bias[c]!] as const;
    });
    const mean = bestRow.reduce((a, [, v]) => a + v, 0) / bestRow.length;
    for (const [g, v] of bestRow) expect(row[g]).toBeCloseTo(v - mean, 6); // F is float32
    // Nearest-cluster ranking keeps the distance shares.
    expect(attribute(await fitLibraryModel(train, { head: 'nearest-cluster' }), probe.fingerprint).perSpaceKind).toBe('distance');
  });

  it('fits the logistic head with one class per generator when asked, pooling its processing clusters', async () => {
    const model = await fitLibraryModel(train, { head: 'logistic-per-generator' });
    expect(model.head?.generators).toEqual([...new Set(train.map((r) => r.generatorId))].sort());
    expect(model.classes.length).toBeGreaterThan(model.head!.generators.length);
    const test = synthetic(labels, 10, 1, 40).filter((r) => r.processing === undefined);
    const results = test.map((r) => attribute(model, r.fingerprint));
    const correct = results.filter((a, i) => a.ranked[0]!.generatorId === test[i]!.generatorId).length;
    expect(correct / test.length).toBeGreaterThan(0.95);
    for (const a of results) expect(a.ranked.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 9);
    expect(model.hash).not.toBe((await fitLibraryModel(train, { head: 'logistic' })).hash);
  });

  it('blends the head and the nearest cluster with the weight that fits held-out references best', async () => {
    const model = await fitLibraryModel(train, { head: 'blend' });
    const blend = model.blend!;
    expect(model.options.head).toBe('blend');
    expect(blend.heldOutNll.map((b) => b.alpha)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    // The chosen weight is the grid's lowest held-out NLL (the larger weight on a tie).
    const lowest = Math.min(...blend.heldOutNll.map((b) => b.nll));
    expect(blend.alpha).toBe(Math.max(...blend.heldOutNll.filter((b) => b.nll === lowest).map((b) => b.alpha)));
    expect(blend.headScale).toBeGreaterThan(0);
    expect(blend.distanceScale).toBeGreaterThan(0);
    // The same projection, clusters and head as the two rules alone: the score is their weighted sum.
    const logistic = await fitLibraryModel(train, { head: 'logistic' });
    const nearest = await fitLibraryModel(train, { head: 'nearest-cluster' });
    expect(model.head).toEqual(logistic.head);
    const test = synthetic(labels, 10, 1, 40).filter((r) => r.processing === undefined);
    for (const r of test.slice(0, 5)) {
      const score = (m: typeof model) => Object.fromEntries(attribute(m, r.fingerprint).ranked.map((g) => [g.generatorId, g.score]));
      const [b, h, d] = [score(model), score(logistic), score(nearest)];
      for (const g of labels) expect(b[g]).toBeCloseTo(blend.alpha * blend.headScale * h[g]! + (1 - blend.alpha) * blend.distanceScale * d[g]!, 4);
    }
    const results = test.map((r) => attribute(model, r.fingerprint));
    expect(results.filter((a, i) => a.ranked[0]!.generatorId === test[i]!.generatorId).length / test.length).toBeGreaterThan(0.95);
    for (const a of results) expect(a.ranked.reduce((s, g) => s + g.probability, 0)).toBeCloseTo(1, 9);
    // Per-space evidence: the same blend of the head's logit shares and the centred −distance shares.
    const probe = test[0]!;
    const [ours, ofHead, ofDistance] = [model, logistic, nearest].map((m) => attribute(m, probe.fingerprint));
    expect(ours!.perSpaceKind).toBe('score');
    const distanceRow = ofDistance!.perSpace.s!;
    const centre = Object.values(distanceRow).reduce((a, v) => a + v, 0) / labels.length;
    for (const g of labels) {
      expect(ours!.perSpace.s![g]).toBeCloseTo(blend.alpha * blend.headScale * ofHead!.perSpace.s![g]! + (1 - blend.alpha) * blend.distanceScale * (distanceRow[g]! - centre), 6);
    }
    expect(model.hash).toBe((await fitLibraryModel(train, { head: 'blend' })).hash);
  });

  it('embeds the fingerprint in the span of the enrolled cluster centres, where the ranking is decided', async () => {
    const model = await fitLibraryModel(train);
    const span = model.spaces[0]!.clusterSpan!;
    // At least the generators' own differences, at most one direction fewer than there are clusters
    // (here the processing axis is projected out, so the two conditions of a generator nearly coincide).
    expect(span.length).toBeGreaterThanOrEqual(labels.length - 1);
    expect(span.length).toBeLessThanOrEqual(model.classes.length - 1);
    const f = (r: (typeof train)[number]) => embedFingerprint(model, r.fingerprint.spaces);
    expect(f(train[0]!).length).toBe(span.length);
    // Differences of squared distances to two clusters are the same in F as in the full whitened space.
    const full = (r: (typeof train)[number]) => projectSpace(model.spaces[0]!, r.fingerprint.spaces.s!);
    const factor = Math.sqrt(model.spaces[0]!.weight / model.spaces[0]!.transform.length);
    const [a, b] = [model.classes[0]!.means.s!, model.classes[3]!.means.s!];
    const inSpan = (m: number[]) => span.map((row) => row.reduce((acc, v, j) => acc + v * m[j]!, 0) * factor);
    for (const r of train.slice(0, 6)) {
      const z = full(r);
      const fullGap = a.reduce((acc, v, j) => acc + (z[j]! - v) ** 2, 0) - b.reduce((acc, v, j) => acc + (z[j]! - v) ** 2, 0);
      const e = f(r);
      const [sa, sb] = [inSpan(a), inSpan(b)];
      const spanGap = sa.reduce((acc, v, j) => acc + (e[j]! - v) ** 2, 0) - sb.reduce((acc, v, j) => acc + (e[j]! - v) ** 2, 0);
      expect(spanGap).toBeCloseTo(fullGap * factor * factor, 6);
    }
  });
});
