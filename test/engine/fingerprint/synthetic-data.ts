import type { LibraryReference } from '../../../electron/engine/fingerprint/fingerprint-types.js';

/** Small deterministic PRNG (mulberry32) so the synthetic data is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const DIM = 30;
export const CONTENT_AXIS = 10;
export const PROCESSING_AXIS = 11;

/**
 * Synthetic fingerprints: each generator has a centre in dims 0..5; every image adds noise, a
 * content effect (shared by all renders of one photo) along CONTENT_AXIS and, for processed
 * copies, a shift along PROCESSING_AXIS.
 */
export function synthetic(labels: string[], perLabel: number, seed: number, contentScale = 8, novel: string | null = null): LibraryReference[] {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  // A "novel" generator also leaves a trace (dim 7) none of the others has.
  const centres = labels.map((l) => Array.from({ length: DIM }, (_, j) => (j < 6 ? 3 * gauss() : j === 7 && l === novel ? 4 : 0)));
  const contentEffect = Array.from({ length: perLabel }, () => contentScale * gauss());
  const refs: LibraryReference[] = [];
  labels.forEach((label, g) => {
    for (let i = 0; i < perLabel; i++) {
      const x = centres[g]!.map((c) => c + 0.5 * gauss());
      x[CONTENT_AXIS]! += contentEffect[i]!;
      const vector = Float32Array.from(x);
      const imageId = `${label}-${i}`;
      refs.push({ generatorId: label, contentId: `photo-${i}`, imageId, fingerprint: { spaces: { s: vector }, perPatch: [] } });
      const processed = Float32Array.from(x);
      processed[PROCESSING_AXIS]! += 6 * gauss();
      refs.push({ generatorId: label, contentId: `photo-${i}`, imageId, processing: 'jpeg-75', fingerprint: { spaces: { s: processed }, perPatch: [] } });
    }
  });
  return refs;
}

export function axis(j: number): Float32Array {
  const v = new Float32Array(DIM);
  v[j] = 1;
  return v;
}

