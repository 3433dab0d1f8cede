import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisImage } from '../attribution/analysis-image.js';
import { samplePatches } from '../imaging/patches.js';
import { createCooccurrenceSpace } from '../spaces/cooccurrence-space.js';
import type { EmbeddingSpace, SpaceInput } from '../spaces/embedding-space.js';
import { createFourierSpace } from '../spaces/fourier-space.js';
import { gaussianDenoise, subtract } from '../spaces/gaussian-residual.js';
import { createSlSpace } from '../spaces/sl-space.js';
import { createSslSpace } from '../spaces/ssl-space.js';
import { DiffusionReconstructor, findReconstructor, type ReconstructionSampler } from '../spaces/diffusion-reconstructor.js';
import type { Fingerprint } from './fingerprint-types.js';
import { findNetwork, readPackInfo } from './pack-info.js';

export type SpaceId = 'cooccurrence' | 'fourier' | 'sl-residual' | 'sl-difference' | 'ssl';

/**
 * Default spaces. Dev-set plain 5-fold (decoupled, processing copies in training): co-occurrence +
 * Fourier 0.861 clean / 0.595 after JPEG 90; adding the SL residual space 0.866 / 0.629. The SL
 * space is left out when the pack has no sl-mobilenetv2.onnx.
 */
export const DEFAULT_SPACES: SpaceId[] = ['cooccurrence', 'fourier', 'sl-residual'];

export interface FingerprintEngineOptions {
  packDir: string;
  /** Spaces computed (default DEFAULT_SPACES); SL spaces need the pack's sl-mobilenetv2.onnx. */
  spaces?: SpaceId[];
  /** Default K (most patches per image). */
  maxPatches?: number;
  /**
   * Where X̂ comes from: the fixed Gaussian denoiser ("denoiser", default: every dev-set figure was
   * measured with it, ≈6 ms per 256² image), the pack's diffusion reconstructor when it has one
   * ("auto"; the undertrained reconstructor costs ≈1.6 s CPU per image and is not yet shown to
   * help), or the reconstructor or an error ("reconstructor").
   */
  residual?: 'auto' | 'denoiser' | 'reconstructor';
  /**
   * Sampler of the reconstructor residual (ignored for the denoiser): default the one-step noise
   * estimate at t = 20, or DDIM n+n to t*, or the fragment's own sampler (see diffusion-reconstructor.ts).
   */
  reconstruction?: ReconstructionSampler;
  /**
   * Image-level vector of a space: the mean of its per-patch vectors ("mean", default) or the space's
   * own pooling where it has one ("space": the co-occurrence space then pools counts over patches).
   * Dev set, plain 5-fold: pooled counts gave co-occurrence alone (clean training) 0.876 → 0.887, but
   * the full method (copies in training) 0.884 → 0.879 clean, 0.879 → 0.861 after a crop, +0.3..+1.4
   * points after JPEG/resize; so the default stays "mean". A non-default pooling is named in packVersion.
   */
  pooling?: 'mean' | 'space';
}

export interface FingerprintEngine {
  packId: string;
  packVersion: string;
  patchSize: number;
  spaceIds: string[];
  /** Which reconstruction the residual spaces see, with its sampler, e.g. "reconstructor:reconstructor (one-step t=20)". */
  residualSource: string;
  fingerprint(image: AnalysisImage, options?: { maxPatches?: number }): Promise<Fingerprint>;
  dispose(): Promise<void>;
}

export const DEFAULT_MAX_PATCHES = 16;

/**
 * Opens the fingerprint engine over a model pack: patch sampling, the residual r = X − X̂ (X̂ from
 * the pack's diffusion reconstructor when present, else a fixed Gaussian denoiser; the fingerprint
 * records which), and the embedding spaces. A fingerprint
 * holds every space's vector per patch and their mean over patches.
 */
export async function openFingerprintEngine(options: FingerprintEngineOptions): Promise<FingerprintEngine> {
  const pack = readPackInfo(options.packDir);
  const slPath = join(options.packDir, 'sl-mobilenetv2.onnx');
  const ids = options.spaces ?? DEFAULT_SPACES.filter((id) => !id.startsWith('sl-') || existsSync(slPath));
  const spaces: EmbeddingSpace[] = ids.map((id) => {
    if (id === 'cooccurrence') return createCooccurrenceSpace();
    if (id === 'fourier') return createFourierSpace(pack.patchSize);
    if (id === 'ssl') {
      const ssl = findNetwork(options.packDir, 'ssl-encoder');
      if (!ssl) throw new Error(`The pack at ${options.packDir} has no SSL encoder (role ssl-encoder) for the ssl space.`);
      return createSslSpace(ssl.path, ssl.outputDim);
    }
    if (!existsSync(slPath)) throw new Error(`The pack at ${options.packDir} has no sl-mobilenetv2.onnx for the ${id} space.`);
    return createSlSpace(slPath, id === 'sl-residual' ? 'residual' : 'difference');
  });
  const mode = options.residual ?? 'denoiser';
  const found = mode === 'denoiser' ? null : findReconstructor(options.packDir, options.reconstruction);
  if (mode === 'reconstructor' && !found) throw new Error(`The pack at ${options.packDir} has no usable reconstructor (ONNX file + schedule in its fragment).`);
  const reconstructor = found ? new DiffusionReconstructor(found.id, found.path, found.schedule) : null;
  // The sampler is part of the source: a stored result then says exactly how X̂ was made.
  const residualSource = reconstructor ? `reconstructor:${reconstructor.id} (${reconstructor.sampler})` : 'gaussian-denoiser';
  const defaultK = options.maxPatches ?? DEFAULT_MAX_PATCHES;
  const pooling = options.pooling ?? 'mean';
  return {
    packId: pack.packId,
    packVersion: pooling === 'mean' ? pack.packVersion : `${pack.packVersion}+pool-${pooling}`,
    patchSize: pack.patchSize,
    spaceIds: spaces.map((s) => s.id),
    residualSource,
    async fingerprint(image, fingerprintOptions = {}) {
      const timingsMs: Record<string, number> = {};
      const cpuMs: Record<string, number> = {};
      let started = performance.now();
      let cpuStarted = process.cpuUsage();
      const lap = (stage: string) => {
        const now = performance.now();
        const cpu = process.cpuUsage(cpuStarted);
        timingsMs[stage] = (timingsMs[stage] ?? 0) + (now - started);
        cpuMs[stage] = (cpuMs[stage] ?? 0) + (cpu.user + cpu.system) / 1000;
        started = now;
        cpuStarted = process.cpuUsage();
      };
      const selection = samplePatches(image, { size: pack.patchSize, maxPatches: fingerprintOptions.maxPatches ?? defaultK });
      lap('patches');
      const reconstructions = reconstructor
        ? await reconstructor.reconstruct(selection.patches.map((p) => p.data), pack.patchSize)
        : selection.patches.map((p) => gaussianDenoise(p.data, p.size));
      const inputs: SpaceInput[] = selection.patches.map((p, i) => {
        const reconstruction = reconstructions[i]!;
        return { size: p.size, pixels: p.data, reconstruction, residual: subtract(p.data, reconstruction) };
      });
      lap('residual');
      const perSpace: Record<string, Float32Array[]> = {};
      for (const space of spaces) {
        perSpace[space.id] = await space.embed(inputs);
        lap(space.id);
      }
      const perPatch = selection.patches.map((p, i) => ({
        box: p.box,
        spaces: Object.fromEntries(spaces.map((s) => [s.id, perSpace[s.id]![i]!])),
      }));
      const imageSpaces = Object.fromEntries(spaces.map((s) => [s.id, pooling === 'space' && s.pool ? s.pool(perSpace[s.id]!) : meanVector(perSpace[s.id]!, s.dim)]));
      lap('pooling');
      return { spaces: imageSpaces, perPatch, timingsMs, cpuMs, residualSource, notes: [...image.notes, ...pack.notes, ...selection.notes] };
    },
    async dispose() {
      for (const s of spaces) await s.dispose?.();
      await reconstructor?.dispose();
    },
  };
}

function meanVector(vectors: Float32Array[], dim: number): Float32Array {
  const out = new Float32Array(dim);
  for (const v of vectors) for (let j = 0; j < dim; j++) out[j]! += v[j]! / vectors.length;
  return out;
}
