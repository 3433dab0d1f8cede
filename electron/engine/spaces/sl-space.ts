import type { EmbeddingSpace, SpaceInput } from './embedding-space.js';
import { OnnxModel, toNchwBatch } from './onnx-model.js';

/** What the SL encoder is shown: φ(r) of the residual, or the projection difference φ(X) − φ(X̂). */
export type SlMode = 'residual' | 'difference';

/** The residual (0..255 scale, signed) is shown to the encoder as 0.5 + r / RESIDUAL_RANGE, clipped. */
const RESIDUAL_RANGE = 64;

/**
 * SL space: the pack's supervised MobileNetV2 (sl-mobilenetv2.onnx, input 0..1 NCHW). Features per
 * patch: the pooled 1280-d embedding plus channel means and standard deviations of the block-2 and
 * block-5 maps (early layers see the pixel-level traces the late ones abstract away).
 */
export function createSlSpace(modelPath: string, mode: SlMode): EmbeddingSpace {
  const model = new OnnxModel(modelPath);
  const dim = 1280 + 2 * 24 + 2 * 32;
  const outputs = ['sl_embedding', 'block2_map', 'block5_map'];
  async function features(batch: Float32Array, n: number, size: number): Promise<Float32Array[]> {
    const result = await model.run({ image: { data: batch, dims: [n, 3, size, size] } }, outputs);
    const vectors: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const v = new Float32Array(dim);
      v.set(result.sl_embedding!.data.subarray(i * 1280, (i + 1) * 1280), 0);
      writeMapStats(result.block2_map!, i, v, 1280);
      writeMapStats(result.block5_map!, i, v, 1280 + 48);
      vectors.push(v);
    }
    return vectors;
  }
  return {
    id: mode === 'residual' ? 'sl-residual' : 'sl-difference',
    dim,
    describe: mode === 'residual' ? 'MobileNetV2 features of the residual φ(r)' : 'MobileNetV2 projection difference φ(X) − φ(X̂)',
    async embed(patches: readonly SpaceInput[]) {
      if (patches.length === 0) return [];
      const size = patches[0]!.size;
      if (mode === 'residual') {
        const batch = toNchwBatch(
          patches.map((p) => p.residual),
          size,
          (v) => Math.min(1, Math.max(0, 0.5 + v / RESIDUAL_RANGE)),
        );
        return features(batch, patches.length, size);
      }
      const scale = (v: number) => Math.min(1, Math.max(0, v / 255));
      const ofImage = await features(toNchwBatch(patches.map((p) => p.pixels), size, scale), patches.length, size);
      const ofReconstruction = await features(toNchwBatch(patches.map((p) => p.reconstruction), size, scale), patches.length, size);
      return ofImage.map((a, i) => a.map((v, j) => v - ofReconstruction[i]![j]!));
    },
    dispose: () => model.dispose(),
  };
}

function writeMapStats(map: { data: Float32Array; dims: readonly number[] }, n: number, out: Float32Array, offset: number): void {
  const channels = map.dims[1]!;
  const plane = map.dims[2]! * map.dims[3]!;
  for (let c = 0; c < channels; c++) {
    const start = (n * channels + c) * plane;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < plane; i++) {
      const v = map.data[start + i]!;
      sum += v;
      sumSq += v * v;
    }
    const mean = sum / plane;
    out[offset + c] = mean;
    out[offset + channels + c] = Math.sqrt(Math.max(0, sumSq / plane - mean * mean));
  }
}
