import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';
import { fixtureSchema, type Fixture } from './fixture-schema.js';
import { modelManifestSchema, type ModelManifest } from './model-manifest-schema.js';
import { fixtureFileOf, type NetworkEntry } from './network-entry-schema.js';
import { OnnxModel } from './onnx-model.js';
import { sha256File } from './sha256.js';

/** A model directory (engine pack or zoo) whose every file matched its manifest when loaded. */
export interface LoadedPack {
  dir: string;
  manifest: ModelManifest;
  /** The manifest entry of a network; NOT_FOUND when the pack has none with that id. */
  network(id: string): NetworkEntry;
  /** Networks with the given role, in manifest order. */
  networksWithRole(role: NetworkEntry['role']): NetworkEntry[];
  /** A lazily loaded model for a network; it re-checks the hash when it loads. */
  createModel(id: string): OnnxModel;
  /** The network's recorded fixture. */
  readFixture(id: string): Promise<Fixture>;
}

/**
 * Opens `dir/manifest.json`, validates it and verifies the SHA-256 and size of every file it
 * lists. A missing or altered file refuses the whole pack with an INTEGRITY error naming it.
 */
export async function loadPack(dir: string): Promise<LoadedPack> {
  const manifest = await readManifest(dir);
  for (const file of manifest.files) {
    const actual = await sha256File(join(dir, file.path)).catch(() => undefined);
    if (actual === undefined) {
      throw new CausalPrintError('INTEGRITY', `Model pack ${manifest.id} is incomplete: ${file.path} is missing.`, { pack: manifest.id, file: file.path });
    }
    if (actual !== file.sha256) {
      throw new CausalPrintError('INTEGRITY', `Model pack ${manifest.id} refused: ${file.path} has SHA-256 ${actual}, the manifest says ${file.sha256}.`, {
        pack: manifest.id,
        file: file.path,
      });
    }
  }
  for (const entry of manifest.networks) {
    const listed = manifest.files.find((f) => f.path === entry.file);
    if (!listed || listed.sha256 !== entry.sha256) {
      throw new CausalPrintError('INTEGRITY', `Model pack ${manifest.id} refused: network ${entry.id} (${entry.file}) is not vouched for by the file list.`, {
        pack: manifest.id,
        file: entry.file,
      });
    }
  }
  return openVerifiedPack(dir, manifest);
}

async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, 'manifest.json');
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new CausalPrintError('NOT_FOUND', `No model manifest at ${path}.`, { file: 'manifest.json' }, { cause: error });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CausalPrintError('INTEGRITY', `Model manifest ${path} is not valid JSON.`, { file: 'manifest.json' }, { cause: error });
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) throw new CausalPrintError('INTEGRITY', `Model manifest ${path} is malformed: ${parsed.error.message}`, { file: 'manifest.json' });
  return parsed.data;
}

function openVerifiedPack(dir: string, manifest: ModelManifest): LoadedPack {
  const network = (id: string): NetworkEntry => {
    const entry = manifest.networks.find((n) => n.id === id);
    if (!entry) throw new CausalPrintError('NOT_FOUND', `Model pack ${manifest.id} has no network ${id}.`, { pack: manifest.id, network: id });
    return entry;
  };
  return {
    dir,
    manifest,
    network,
    networksWithRole: (role) => manifest.networks.filter((n) => n.role === role),
    createModel: (id) => {
      const entry = network(id);
      return new OnnxModel(join(dir, entry.file), { expectedSha256: entry.sha256 });
    },
    readFixture: async (id) => {
      const file = fixtureFileOf(network(id));
      const parsed = fixtureSchema.safeParse(JSON.parse(await readFile(join(dir, file), 'utf8')));
      if (!parsed.success) throw new CausalPrintError('VALIDATION', `Fixture ${file} is malformed: ${parsed.error.message}`, { file });
      return parsed.data;
    },
  };
}
