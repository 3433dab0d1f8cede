import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';
import { MANIFEST_SCHEMA_VERSION, packHeaderSchema, type CorpusSummary, type ManifestFile, type ModelManifest } from './model-manifest-schema.js';
import { fixtureFileOf, fragmentSchema, type NetworkEntry } from './network-entry-schema.js';
import { sha256Bytes, sha256File } from './sha256.js';
import { summariseCorpus } from './corpus-summary.js';

/** Header of the generator zoo (the zoo has no hand-written pack.json; its fields live here). */
export const ZOO_HEADER = {
  id: 'causalprint-zoo',
  version: '1.0.0',
  description:
    'Generator zoo: image generators whose outputs CausalPrint controls, so the same photo content can be rendered by every generator (benchmarks, contact sheet, causal-decoupling data).',
  licence: {
    notes: [
      'Converted upscalers: MIT-licensed weights from the @upscalerjs npm packages (see each network licence).',
      'Networks trained here: trained by the CausalPrint model pipeline on corpus group A photos (see each network provenance/training).',
    ],
  },
} as const;

export const GENERATED_BY = 'npm run models:manifest (electron/engine/models/assemble-manifest.ts)';

const NOT_FRAGMENTS = new Set(['manifest.json', 'pack.json']);

interface FoundFragment {
  file: string;
  sha256: string;
  entries: NetworkEntry[];
}

/** Every fragment in `dir`: a `*.json` (not a fixture, manifest or pack header) holding a JSON array. */
export async function readFragments(dir: string): Promise<FoundFragment[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.endsWith('.fixture.json') && !NOT_FRAGMENTS.has(n)).sort();
  const found: FoundFragment[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    const json: unknown = JSON.parse(text);
    if (!Array.isArray(json)) continue;
    const parsed = fragmentSchema.safeParse(json);
    if (!parsed.success) {
      throw new CausalPrintError('VALIDATION', `Fragment ${name} in ${dir} is not a valid list of networks: ${parsed.error.message}`, { file: name });
    }
    found.push({ file: name, sha256: sha256Bytes(text), entries: parsed.data });
  }
  return found;
}

/** Recomputes the hash and size of a network and its fixture and checks them against the fragment. */
async function describeNetworkFiles(dir: string, entry: NetworkEntry, fragment: string): Promise<ManifestFile[]> {
  const onnxPath = join(dir, entry.file);
  const onnxStat = await stat(onnxPath).catch(() => undefined);
  if (!onnxStat) throw new CausalPrintError('NOT_FOUND', `${fragment} lists ${entry.file}, which is not in ${dir}.`, { file: entry.file });
  const onnxSha = await sha256File(onnxPath);
  if (onnxSha !== entry.sha256 || onnxStat.size !== entry.bytes) {
    throw new CausalPrintError(
      'INTEGRITY',
      `${entry.file} does not match ${fragment}: sha256 ${onnxSha} (${onnxStat.size} bytes) on disk, ${entry.sha256} (${entry.bytes} bytes) recorded.`,
      { file: entry.file, fragment },
    );
  }
  const fixture = fixtureFileOf(entry);
  const fixturePath = join(dir, fixture);
  const fixtureStat = await stat(fixturePath).catch(() => undefined);
  if (!fixtureStat) throw new CausalPrintError('NOT_FOUND', `${entry.id} has no fixture ${fixture} in ${dir}.`, { file: fixture });
  return [
    { path: entry.file, kind: 'onnx', sha256: onnxSha, bytes: onnxStat.size },
    { path: fixture, kind: 'fixture', sha256: await sha256File(fixturePath), bytes: fixtureStat.size },
  ];
}

/**
 * Builds the manifest of one directory from its fragments: header fields, then every network
 * (fragments in file-name order, entries in fragment order) with its fixture name made explicit,
 * then the hashed file list. Pure function of the directory's files: the same bytes on a rerun.
 */
export async function assembleManifest(dir: string, kind: 'pack' | 'zoo', corpusManifestPath?: string): Promise<ModelManifest> {
  const header = kind === 'pack' ? await readPackHeader(dir) : ZOO_HEADER;
  const fragments = await readFragments(dir);
  const networks: NetworkEntry[] = [];
  const files: ManifestFile[] = [];
  const seen = new Map<string, string>();
  for (const fragment of fragments) {
    for (const entry of fragment.entries) {
      for (const key of [`id:${entry.id}`, `file:${entry.file}`]) {
        const before = seen.get(key);
        if (before) throw new CausalPrintError('CONFLICT', `${key} appears in both ${before} and ${fragment.file}.`, { fragment: fragment.file });
        seen.set(key, fragment.file);
      }
      files.push(...(await describeNetworkFiles(dir, entry, fragment.file)));
      networks.push({ ...entry, fixture: fixtureFileOf(entry) });
    }
  }
  const corpus: CorpusSummary | undefined = corpusManifestPath ? await summariseCorpus(corpusManifestPath) : undefined;
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    kind,
    ...header,
    generatedBy: GENERATED_BY,
    fragments: fragments.map((f) => ({ file: f.file, sha256: f.sha256, networks: f.entries.map((e) => e.id) })),
    ...(corpus ? { corpus } : {}),
    networks,
    files,
  };
}

async function readPackHeader(dir: string) {
  const path = join(dir, 'pack.json');
  const parsed = packHeaderSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new CausalPrintError('VALIDATION', `${path} is not a valid pack header: ${parsed.error.message}`, { file: 'pack.json' });
  if (parsed.data.id !== basename(dir)) {
    throw new CausalPrintError('VALIDATION', `pack.json id ${parsed.data.id} differs from its directory ${basename(dir)}.`, { file: 'pack.json' });
  }
  return parsed.data;
}

/** The exact bytes written to manifest.json (one-space indent like the Python helpers, final newline). */
export function serialiseManifest(manifest: ModelManifest): string {
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

/** Assembles and writes `dir/manifest.json`; returns the manifest and whether the file changed. */
export async function writeManifest(dir: string, kind: 'pack' | 'zoo', corpusManifestPath?: string): Promise<{ manifest: ModelManifest; changed: boolean }> {
  const manifest = await assembleManifest(dir, kind, corpusManifestPath);
  const text = serialiseManifest(manifest);
  const path = join(dir, 'manifest.json');
  const before = await readFile(path, 'utf8').catch(() => undefined);
  if (before !== text) await writeFile(path, text);
  return { manifest, changed: before !== text };
}
