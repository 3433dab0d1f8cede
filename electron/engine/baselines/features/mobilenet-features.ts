/**
 * Global MobileNetV2 features (the pack's sl-mobilenetv2.onnx, 1280-d pooled output) of the
 * central ≤ 224² crop, not resized (the network is fully convolutional). One intra-op thread,
 * so timings are single-core.
 */
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { AnalysisImage } from '../../attribution/analysis-image.js';
import { centreCrop } from './planes.js';

export const SL_INPUT_SIDE = 224;

export class MobileNetFeatures {
  private session: Promise<ort.InferenceSession> | null = null;

  constructor(readonly modelPath: string) {}

  static available(modelPath: string): boolean {
    return existsSync(modelPath);
  }

  private load(): Promise<ort.InferenceSession> {
    this.session ??= ort.InferenceSession.create(this.modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' });
    return this.session;
  }

  async run(image: AnalysisImage): Promise<Float64Array> {
    const crop = centreCrop(image, SL_INPUT_SIDE);
    const { width: w, height: h } = crop;
    const chw = new Float32Array(3 * w * h);
    for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) chw[c * w * h + i] = crop.data[3 * i + c]! / 255;
    const session = await this.load();
    const out = await session.run({ image: new ort.Tensor('float32', chw, [1, 3, h, w]) });
    return Float64Array.from(out['sl_embedding']!.data as Float32Array);
  }

  async dispose(): Promise<void> {
    if (this.session) await (await this.session).release();
    this.session = null;
  }
}
