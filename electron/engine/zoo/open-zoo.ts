import { CausalPrintError } from '../../contract/errors.js';
import { loadPack, type LoadedPack } from '../models/load-pack.js';
import { SdeditGenerator, type SdeditSettings } from './sdedit-generator.js';
import { ZooGenerator, type RenderingGenerator } from './zoo-generator.js';

export interface OpenedZoo {
  zoo: LoadedPack;
  generators: RenderingGenerator[];
  /** Generators of the manifest the TS renderer cannot run, with the reason. */
  skipped: { id: string; reason: string }[];
}

export interface OpenZooOptions {
  /** Only these generator ids (zoo ids or diffusion-sdedit-t<T>). */
  only?: readonly string[];
  /** Engine pack whose reconstructor drives the SDEdit diffusion generators (skipped when it has none). */
  packDir?: string;
  sdedit?: readonly SdeditSettings[];
}

/** Default diffusion members: the reconstructor pushed to t = 300 and brought back in 6 DDIM steps. */
export const DEFAULT_SDEDIT: readonly SdeditSettings[] = [{ tStart: 300, steps: 6 }];

/**
 * Opens the zoo directory (every file hash-verified) and prepares its generators in manifest
 * order, then the SDEdit diffusion generators over the pack's reconstructor when one exists.
 * Models load lazily on their first render.
 */
export async function openZoo(dir: string, options: OpenZooOptions = {}): Promise<OpenedZoo> {
  const zoo = await loadPack(dir);
  const candidates: RenderingGenerator[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const entry of zoo.networksWithRole('zoo-generator')) {
    try {
      candidates.push(new ZooGenerator(entry, zoo.createModel(entry.id)));
    } catch (error) {
      if (!(error instanceof CausalPrintError) || error.code !== 'UNSUPPORTED') throw error;
      skipped.push({ id: entry.id, reason: error.message });
    }
  }
  if (options.packDir && options.sdedit?.length) {
    const pack = await loadPack(options.packDir);
    const reconstructor = pack.networksWithRole('reconstructor')[0];
    if (reconstructor) {
      for (const settings of options.sdedit) candidates.push(new SdeditGenerator(reconstructor, pack.createModel(reconstructor.id), settings));
    } else {
      skipped.push({ id: 'diffusion-sdedit', reason: `pack ${pack.manifest.id} has no reconstructor yet` });
    }
  }
  const only = options.only;
  const unknown = (only ?? []).filter((id) => !candidates.some((g) => g.id === id) && !skipped.some((s) => s.id === id));
  if (unknown.length) throw new CausalPrintError('NOT_FOUND', `The zoo has no generator ${unknown.join(', ')}.`, { ids: unknown });
  return { zoo, generators: only ? candidates.filter((g) => only.includes(g.id)) : candidates, skipped };
}
