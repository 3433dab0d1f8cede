/**
 * Tiny synthetic "generators" for baseline tests: each class adds its own fixed trace
 * (checkerboard, a fixed noise pattern, stripes, or none for "real") on top of random smooth
 * content and a little random noise — the setting every attribution method assumes.
 */
import type { AnalysisImage } from '../../../electron/engine/attribution/analysis-image.js';
import { createRandom } from '../../../electron/engine/attribution/classifier/seeded-random.js';
import type { LabeledImage } from '../../../electron/engine/attribution/method.js';

export const SIDE = 64;
const fixedNoise = (() => {
  const random = createRandom(99);
  return Float32Array.from({ length: SIDE * SIDE }, () => (random() - 0.5) * 10);
})();

const TRACES: Record<string, (x: number, y: number) => number> = {
  checker: (x, y) => ((x + y) % 2 === 0 ? 3 : -3),
  pattern: (x, y) => fixedNoise[y * SIDE + x]!,
  stripes: (_x, y) => [4, -2, -2][y % 3]!,
  real: () => 0,
};
export const SYNTHETIC_LABELS = Object.keys(TRACES);

export function syntheticImage(label: string, seed: number): AnalysisImage {
  const random = createRandom(seed);
  const base = [60 + random() * 100, 60 + random() * 100, 60 + random() * 100];
  const gx = (random() - 0.5) * 2, gy = (random() - 0.5) * 2;
  const data = new Float32Array(SIDE * SIDE * 3);
  const trace = TRACES[label]!;
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) {
    const t = trace(x, y);
    for (let c = 0; c < 3; c++) data[(y * SIDE + x) * 3 + c] = Math.round(base[c]! + gx * x + gy * y + t + (random() - 0.5) * 2);
  }
  return { width: SIDE, height: SIDE, channels: 3, data, bitDepth: 8, notes: [] };
}

export function syntheticSet(perClass: number, seedOffset: number): LabeledImage[] {
  return SYNTHETIC_LABELS.flatMap((label, c) =>
    Array.from({ length: perClass }, (_, i) => ({ id: `${label}-${seedOffset}-${i}`, label, image: syntheticImage(label, seedOffset + c * 1000 + i) })),
  );
}
