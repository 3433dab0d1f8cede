import * as ort from 'onnxruntime-node';
import { CausalPrintError } from '../../contract/errors.js';
import { sha256File } from './sha256.js';

/** A float32 tensor as the engine passes it around: flat data in row-major order plus its shape. */
export interface Float32TensorData {
  data: Float32Array;
  dims: readonly number[];
}

/** The same in float64 (the engine's compute kernels, native-models/kernels/). */
export interface Float64TensorData {
  data: Float64Array;
  dims: readonly number[];
}

export interface OnnxModelOptions {
  /** When given, load() refuses a file whose SHA-256 differs (INTEGRITY). */
  expectedSha256?: string;
}

/**
 * One ONNX network (immich's InferenceModel shape): nothing happens until load() or the first
 * run(); onnxruntime runs on the CPU with one intra-op and one inter-op thread so results are
 * reproducible and the workstation stays responsive; dispose() frees the native session.
 */
export class OnnxModel<In extends string = string, Out extends string = string> {
  private session: ort.InferenceSession | undefined;
  private loading: Promise<ort.InferenceSession> | undefined;

  constructor(
    readonly path: string,
    private readonly options: OnnxModelOptions = {},
  ) {}

  get isLoaded(): boolean {
    return this.session !== undefined;
  }

  /** Input names of the graph (after load()). */
  get inputNames(): readonly string[] {
    return this.requireSession().inputNames;
  }

  /** Output names of the graph (after load()). */
  get outputNames(): readonly string[] {
    return this.requireSession().outputNames;
  }

  /** Creates the session once; concurrent callers share the same load. */
  async load(): Promise<void> {
    if (this.session) return;
    this.loading ??= this.createSession();
    try {
      this.session = await this.loading;
    } finally {
      this.loading = undefined;
    }
  }

  /** Runs the network on float32 inputs; returns the requested (default: all) outputs as float32. */
  async run(feeds: Record<In, Float32TensorData>, outputs?: readonly Out[]): Promise<Record<Out, Float32TensorData>> {
    return this.runTyped('float32', feeds, outputs);
  }

  /** The same for a graph computing in float64 (the engine's compute kernels). */
  async runFloat64(feeds: Record<In, Float64TensorData>, outputs?: readonly Out[]): Promise<Record<Out, Float64TensorData>> {
    return this.runTyped('float64', feeds, outputs);
  }

  private async runTyped<T extends 'float32' | 'float64', D extends T extends 'float32' ? Float32TensorData : Float64TensorData>(
    type: T,
    feeds: Record<In, D>,
    outputs?: readonly Out[],
  ): Promise<Record<Out, D>> {
    await this.load();
    const session = this.requireSession();
    const given = Object.keys(feeds).sort();
    const expected = [...session.inputNames].sort();
    if (given.join('\u0000') !== expected.join('\u0000')) {
      throw new CausalPrintError('VALIDATION', `${this.path} expects inputs [${expected.join(', ')}], got [${given.join(', ')}].`);
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of given) {
      const feed = feeds[name as In];
      ortFeeds[name] = new ort.Tensor(type, feed.data, [...feed.dims]);
    }
    const results = outputs ? await session.run(ortFeeds, [...outputs]) : await session.run(ortFeeds);
    const out = {} as Record<Out, D>;
    for (const [name, tensor] of Object.entries(results)) {
      if (tensor.type !== type) throw new CausalPrintError('UNSUPPORTED', `${this.path} output ${name} is ${tensor.type}, not ${type}.`);
      out[name as Out] = { data: tensor.data, dims: tensor.dims } as D;
    }
    return out;
  }

  /** Releases the native session; the model can be loaded again afterwards. */
  async dispose(): Promise<void> {
    const session = this.session ?? (this.loading ? await this.loading.catch(() => undefined) : undefined);
    this.session = undefined;
    this.loading = undefined;
    await session?.release();
  }

  private async createSession(): Promise<ort.InferenceSession> {
    if (this.options.expectedSha256) {
      const actual = await sha256File(this.path).catch((error: unknown) => {
        throw new CausalPrintError('NOT_FOUND', `Model file ${this.path} cannot be read.`, { file: this.path }, { cause: error });
      });
      if (actual !== this.options.expectedSha256) {
        throw new CausalPrintError('INTEGRITY', `Model file ${this.path} has SHA-256 ${actual}, expected ${this.options.expectedSha256}.`, { file: this.path });
      }
    }
    return ort.InferenceSession.create(this.path, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionProviders: ['cpu'],
    });
  }

  private requireSession(): ort.InferenceSession {
    if (!this.session) throw new CausalPrintError('INTERNAL', `Model ${this.path} is not loaded; call load() first.`);
    return this.session;
  }
}
