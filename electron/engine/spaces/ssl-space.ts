import type { EmbeddingSpace, SpaceInput } from './embedding-space.js';
import { OnnxModel, toNchwBatch } from './onnx-model.js';

/**
 * SSL space: the pack's contrastive residual encoder (ssl-encoder.onnx). Input: the signed residual
 * in the reconstructor's [−1, 1] units (8-bit difference / 127.5), output an L2-normalised embedding.
 */
export function createSslSpace(modelPath: string, dim: number): EmbeddingSpace {
  const model = new OnnxModel(modelPath);
  return {
    id: 'ssl',
    dim,
    describe: 'contrastive (SimCLR) residual encoder φ(r)',
    async embed(patches: readonly SpaceInput[]) {
      if (patches.length === 0) return [];
      const size = patches[0]!.size;
      const batch = toNchwBatch(patches.map((p) => p.residual), size, (v) => v / 127.5);
      const { embedding } = await model.run({ residual: { data: batch, dims: [patches.length, 3, size, size] } }, ['embedding']);
      const width = embedding!.dims[1]!;
      if (width !== dim) throw new Error(`ssl-encoder.onnx gave ${width}-d embeddings, its description says ${dim}.`);
      return patches.map((_, i) => embedding!.data.slice(i * dim, (i + 1) * dim));
    },
    dispose: () => model.dispose(),
  };
}
