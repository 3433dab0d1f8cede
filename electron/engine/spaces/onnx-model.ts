import * as ort from 'onnxruntime-node';

/**
 * A minimal ONNX model: lazy load, single-threaded CPU session (results must not depend on the
 * machine's core count), typed run, dispose.
 */
export class OnnxModel {
  private session: ort.InferenceSession | null = null;

  constructor(readonly path: string) {}

  async load(): Promise<ort.InferenceSession> {
    if (!this.session) {
      this.session = await ort.InferenceSession.create(this.path, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    }
    return this.session;
  }

  /** Runs the model on named float32 inputs and returns the named outputs' data and dims. */
  async run(
    inputs: Record<string, { data: Float32Array; dims: number[] }>,
    outputs: string[],
  ): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
    const session = await this.load();
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, value] of Object.entries(inputs)) feeds[name] = new ort.Tensor('float32', value.data, value.dims);
    const result = await session.run(feeds, outputs);
    const out: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const name of outputs) {
      const tensor = result[name];
      if (!tensor) throw new Error(`ONNX model ${this.path} produced no output "${name}".`);
      out[name] = { data: tensor.data as Float32Array, dims: tensor.dims };
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.session) await this.session.release();
    this.session = null;
  }
}

/** Packs P×P HWC patches (0..255 scale) into one NCHW batch after `map(value)`. */
export function toNchwBatch(patches: readonly Float32Array[], size: number, map: (v: number) => number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(patches.length * 3 * plane);
  patches.forEach((hwc, n) => {
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) out[(n * 3 + c) * plane + i] = map(hwc[3 * i + c]!);
    }
  });
  return out;
}
