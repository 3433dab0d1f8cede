/** The re-implemented baselines the attribution benchmark compares against. */
import { join } from 'node:path';
import type { AttributionMethod } from '../attribution/method.js';
import { createDireStyleMethod } from './dire-style.js';
import { createFrank2020Method } from './frank2020.js';
import { createManifptStyleMethod } from './manifpt-style.js';
import { createMarra2019Method } from './marra2019.js';
import { createSrmFusionMethod } from './srm-fusion.js';

export interface BaselineOptions {
  /** Engine pack directory (for the MobileNetV2 SL encoder of ManiFPT-style). */
  packDir?: string;
}

export const BASELINE_IDS = ['marra2019', 'frank2020', 'dire-style', 'manifpt-style', 'srm-fusion'] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

export function createBaseline(id: BaselineId, opts: BaselineOptions = {}): AttributionMethod {
  switch (id) {
    case 'marra2019': return createMarra2019Method();
    case 'frank2020': return createFrank2020Method();
    case 'dire-style': return createDireStyleMethod();
    case 'manifpt-style': return createManifptStyleMethod({ slModelPath: opts.packDir ? join(opts.packDir, 'sl-mobilenetv2.onnx') : undefined });
    case 'srm-fusion': return createSrmFusionMethod();
  }
}

export function createBaselines(opts: BaselineOptions = {}): AttributionMethod[] {
  return BASELINE_IDS.map((id) => createBaseline(id, opts));
}
