/**
 * The engine's compute kernels: small ONNX graphs (not trained networks) that let onnxruntime's
 * BLAS do the heavy linear algebra of a fit, listed with their SHA-256 in
 * native-models/kernels/manifest.json (built by native-models/python/kernels/).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CausalPrintError } from '../../contract/errors.js';
import { OnnxModel } from './onnx-model.js';
import { resolveResourcePath } from './resource-path.js';

export type KernelId = 'softmax-regression-objective';

const KernelManifest = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('kernels'),
  kernels: z.array(z.object({ id: z.string(), file: z.string().regex(/^[\w.-]+\.onnx$/), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

const opened = new Map<string, OnnxModel>();

/**
 * The kernel's model, hash-checked on first load and shared by every caller of this process
 * (the session is created once). `manifestPath` defaults to the bundled native-models/kernels/.
 */
export function computeKernel(id: KernelId, manifestPath = resolveResourcePath('kernels/manifest.json')): OnnxModel {
  const key = `${manifestPath}\u0000${id}`;
  const existing = opened.get(key);
  if (existing) return existing;
  let manifest: z.infer<typeof KernelManifest>;
  try {
    manifest = KernelManifest.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  } catch (error) {
    throw new CausalPrintError('NOT_FOUND', `The compute-kernel manifest ${manifestPath} is missing or invalid.`, { file: manifestPath }, { cause: error });
  }
  const entry = manifest.kernels.find((k) => k.id === id);
  if (!entry) throw new CausalPrintError('NOT_FOUND', `The compute kernel "${id}" is not listed in ${manifestPath}.`, { file: manifestPath });
  const model = new OnnxModel(join(dirname(manifestPath), entry.file), { expectedSha256: entry.sha256 });
  opened.set(key, model);
  return model;
}
