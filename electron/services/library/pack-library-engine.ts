import { createHash } from 'node:crypto';
import { CausalPrintError } from '../../contract/errors.js';
import { decodeForAnalysis } from '../../engine/imaging/decode.js';
import { openFingerprintEngine, type FingerprintEngine } from '../../engine/fingerprint/engine.js';
import type { LibraryReference } from '../../engine/fingerprint/fingerprint-types.js';
import { AUTO_HEAD_MIN_REFERENCES, DEFAULT_HEAD, DEFAULT_PROJECTION, attribute, embedFingerprint, fitLibraryModel, type LibraryModel } from '../../engine/fingerprint/library-model.js';
import { DEFAULT_VARIANTS, processedCopy } from '../../engine/fingerprint/processing-variants.js';
import type { EnrolledFingerprint, FileFingerprint, LibraryAttribution, LibraryEngine } from '../../engine/library/library-engine.js';
import type { StoredFingerprint } from '../../engine/library/stored-fingerprint.js';
import { loadPack, type LoadedPack } from '../../engine/models/load-pack.js';
import { resolveResourcePath } from '../../engine/models/resource-path.js';
import type { ReconstructionSampler } from '../../engine/spaces/diffusion-reconstructor.js';
import { canonicalJson } from '../audit-chain.js';

export const DEFAULT_PACK = 'packs/causalprint-base-v1';

export interface PackLibraryEngineOptions {
  /** Pack folder; default the bundled `native-models/packs/causalprint-base-v1`. */
  packDir?: string;
  /** Pixel limit for decoding (the workstation's setting). */
  maxPixels?: number;
  /** Where X̂ comes from (default: the fixed denoiser; "auto" uses the pack's reconstructor when present). */
  residual?: 'auto' | 'denoiser' | 'reconstructor';
  /** Sampler of the reconstructor residual (default the engine's one-step t=20); named in the fingerprint version. */
  reconstruction?: ReconstructionSampler;
}

/**
 * The fingerprint engine over a verified model pack, as the library sees it. The pack's files are
 * checked against its manifest first (a tampered pack is refused). The version the library stores
 * fingerprints under names the pack version, the spaces, the residual source and the hashes of the
 * networks they run, so changing any of them makes the library recompute rather than mix
 * fingerprints of different kinds.
 */
export async function openPackLibraryEngine(options: PackLibraryEngineOptions = {}): Promise<LibraryEngine> {
  const packDir = options.packDir ?? resolveResourcePath(DEFAULT_PACK);
  const pack = await loadPack(packDir);
  // The residual is the fixed denoiser's until the pack's diffusion reconstructor is shown to help:
  // every dev-set figure was measured with it, and the (undertrained) reconstructor costs ≈1.6 s of
  // CPU per 256² image against ≈0.08 s. The fingerprint version records which residual was used.
  const engine = await openFingerprintEngine({ packDir, residual: options.residual ?? 'denoiser', ...(options.reconstruction ? { reconstruction: options.reconstruction } : {}) });
  return new PackLibraryEngine(engine, options.maxPixels ?? 100_000_000, networksHash(pack, engine));
}

/**
 * Short hash of the SHA-256s of the networks this engine's fingerprints depend on (the SL network
 * for sl-* spaces, the SSL encoder for the ssl space, the reconstructor when it makes the
 * residual). A retrained network under the same pack version thus gives a new fingerprint version,
 * and the library recomputes its stored fingerprints from the reference images.
 */
function networksHash(pack: LoadedPack, engine: FingerprintEngine): string {
  const used = pack.manifest.networks.filter(
    (n) =>
      (n.file === 'sl-mobilenetv2.onnx' && engine.spaceIds.some((id) => id.startsWith('sl-'))) ||
      (n.role === 'ssl-encoder' && engine.spaceIds.includes('ssl')) ||
      (n.role === 'reconstructor' && engine.residualSource.startsWith('reconstructor:')),
  );
  const listing = used.map((n) => `${n.id}:${n.sha256}`).sort().join('\n');
  return createHash('sha256').update(listing).digest('hex').slice(0, 12);
}

class PackLibraryEngine implements LibraryEngine {
  readonly packId: string;
  readonly packVersion: string;
  readonly fitVersion: string;

  constructor(
    private readonly engine: FingerprintEngine,
    private readonly maxPixels: number,
    networks: string,
  ) {
    this.packId = engine.packId;
    this.packVersion = `${engine.packVersion}/${engine.spaceIds.join('+')}/${engine.residualSource}/nets-${networks}`;
    const fitRecipe = canonicalJson({ projection: DEFAULT_PROJECTION, head: DEFAULT_HEAD, headAuto: { minReferences: AUTO_HEAD_MIN_REFERENCES, many: 'blend', nearestClusterBalance: 'sample' }, variants: DEFAULT_VARIANTS, model: 'causalprint-library-model/1' });
    this.fitVersion = createHash('sha256').update(fitRecipe).digest('hex').slice(0, 16);
  }

  async fingerprintFile(path: string, signal?: AbortSignal): Promise<FileFingerprint> {
    const image = await decodeForAnalysis(path, { maxPixels: this.maxPixels });
    const main = await this.engine.fingerprint(image);
    const variants: Record<string, Record<string, Float32Array>> = {};
    for (const variant of DEFAULT_VARIANTS) {
      if (signal?.aborted) throw new CausalPrintError('CANCELLED', 'Fingerprinting was cancelled.');
      const processed = await processedCopy(image, variant, this.engine.patchSize);
      if (processed) variants[variant] = (await this.engine.fingerprint(processed)).spaces;
    }
    // The processed copies' notes describe the copies, not the file: only the image's own are kept.
    return { spaces: main.spaces, perPatch: main.perPatch, variants, notes: [...new Set(main.notes ?? [])] };
  }

  async fit(refs: readonly EnrolledFingerprint[]) {
    const references: LibraryReference[] = [];
    refs.forEach((ref, index) => {
      const base = { generatorId: ref.generatorKey, imageId: `ref-${index}`, ...(ref.contentId ? { contentId: ref.contentId } : {}) };
      references.push({ ...base, fingerprint: ref.fingerprint });
      for (const [processing, spaces] of Object.entries(ref.fingerprint.variants ?? {})) {
        references.push({ ...base, processing, fingerprint: { spaces, perPatch: [] } });
      }
    });
    const model = await fitLibraryModel(references, { packId: this.packId, packVersion: this.packVersion });
    return { model, hash: model.hash };
  }

  attribute(model: unknown, fingerprint: StoredFingerprint): LibraryAttribution {
    const result = attribute(model as LibraryModel, fingerprint);
    return {
      ranked: result.ranked.map((r) => ({ generatorKey: r.generatorId, score: r.score, probability: r.probability })),
      unknown: result.unknown,
      unknownScore: result.unknownScore,
      perSpace: result.perSpace,
      perSpaceKind: result.perSpaceKind,
      perPatch: result.perPatch.map((p) => ({ box: p.box, topGeneratorKey: p.topGeneratorId, score: p.score })),
    };
  }

  embed(model: unknown, fingerprint: StoredFingerprint): Float32Array {
    return embedFingerprint(model as LibraryModel, fingerprint.spaces);
  }
}
