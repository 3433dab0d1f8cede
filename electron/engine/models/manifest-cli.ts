/**
 * `npm run models:manifest`: assembles native-models/packs/<id>/manifest.json (every pack with a
 * pack.json) and native-models/zoo/manifest.json from their fragments, re-hashing every file.
 * Deterministic: rerunning on the same files writes the same bytes.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeManifest } from './assemble-manifest.js';
import { resolveResourcePath } from './resource-path.js';
import { zooMarkdown } from '../zoo/zoo-doc.js';

async function main(): Promise<void> {
  const corpus = resolveResourcePath('corpus/manifest.json');
  const corpusPath = existsSync(corpus) ? corpus : undefined;
  if (!corpusPath) process.stderr.write('models:manifest: no corpus/manifest.json, manifests carry no corpus summary\n');
  const packsRoot = resolveResourcePath('packs');
  const packDirs = (await readdir(packsRoot)).sort().map((name) => join(packsRoot, name)).filter((dir) => existsSync(join(dir, 'pack.json')));
  const targets: { dir: string; kind: 'pack' | 'zoo' }[] = [...packDirs.map((dir) => ({ dir, kind: 'pack' as const })), { dir: resolveResourcePath('zoo'), kind: 'zoo' }];
  for (const { dir, kind } of targets) {
    const { manifest, changed } = await writeManifest(dir, kind, corpusPath);
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    process.stdout.write(
      `${relative(process.cwd(), join(dir, 'manifest.json'))}: ${manifest.networks.length} networks, ${manifest.files.length} files, ${(bytes / 1e6).toFixed(2)} MB${changed ? ' (written)' : ' (unchanged)'}\n`,
    );
    if (kind === 'zoo') await writeIfChanged(resolveResourcePath('docs/zoo.md'), zooMarkdown(manifest));
  }
}

async function writeIfChanged(path: string, text: string): Promise<void> {
  const before = await readFile(path, 'utf8').catch(() => undefined);
  if (before !== text) await writeFile(path, text);
  process.stdout.write(`${relative(process.cwd(), path)}${before === text ? ' (unchanged)' : ' (written)'}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`models:manifest failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
