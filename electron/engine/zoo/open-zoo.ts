import { CausalPrintError } from '../../contract/errors.js';
import { loadPack, type LoadedPack } from '../models/load-pack.js';
import { ZooGenerator } from './zoo-generator.js';

export interface OpenedZoo {
  zoo: LoadedPack;
  generators: ZooGenerator[];
  /** Generators of the manifest the TS renderer cannot run, with the reason. */
  skipped: { id: string; reason: string }[];
}

/**
 * Opens the zoo directory (every file hash-verified) and prepares its generators in manifest
 * order, optionally only the listed ids. Models load lazily on their first render.
 */
export async function openZoo(dir: string, only?: readonly string[]): Promise<OpenedZoo> {
  const zoo = await loadPack(dir);
  const entries = zoo.networksWithRole('zoo-generator');
  const unknown = (only ?? []).filter((id) => !entries.some((e) => e.id === id));
  if (unknown.length) throw new CausalPrintError('NOT_FOUND', `The zoo has no generator ${unknown.join(', ')}.`, { ids: unknown });
  const generators: ZooGenerator[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const entry of entries) {
    if (only && !only.includes(entry.id)) continue;
    try {
      generators.push(new ZooGenerator(entry, zoo.createModel(entry.id)));
    } catch (error) {
      if (!(error instanceof CausalPrintError) || error.code !== 'UNSUPPORTED') throw error;
      skipped.push({ id: entry.id, reason: error.message });
    }
  }
  return { zoo, generators, skipped };
}
