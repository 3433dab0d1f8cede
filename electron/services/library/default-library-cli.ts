/**
 * `npm run library:default -- [--size 128] [--per-generator 15] [--real 60] [--out FILE] [--work DIR] [--folds K] [--sdedit default|off]`
 * Builds the built-in default generator library (see default-library-build.ts) and writes it to
 * native-models/packs/causalprint-base-v1/default-library.cplib. Needs the corpus photos
 * (`npm run models:corpus`). Prints size and content hash; with --folds K also the K-fold
 * cross-validation of the built library (<work>/validation.json). Validate the committed file with
 * `causalprint library import-default && causalprint library validate` on a scratch home.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { resolveResourcePath } from '../../engine/models/resource-path.js';
import { DEFAULT_SDEDIT } from '../../engine/zoo/open-zoo.js';
import { buildDefaultLibrary } from './default-library-build.js';
import { DEFAULT_LIBRARY_FILE } from './default-library.js';
import { openPackLibraryEngine } from './pack-library-engine.js';

/** Inputs of the default library; the last commit touching them names and dates the build. */
const INPUT_PATHS = [
  'native-models/zoo',
  'native-models/packs/causalprint-base-v1',
  ':(exclude)native-models/packs/causalprint-base-v1/default-library.cplib',
  'native-models/corpus/manifest.json',
  'electron/engine/zoo',
];

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

function sourceCommit(): { commit: string; committedAt: string } {
  const line = execFileSync('git', ['log', '-1', '--format=%H %cI', '--', ...INPUT_PATHS], { encoding: 'utf8' }).trim();
  const [commit, date] = line.split(' ');
  if (!commit || !date) throw new Error('git log found no commit for the default library inputs');
  return { commit, committedAt: new Date(date).toISOString() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '128' },
      'per-generator': { type: 'string', default: '15' },
      // The real-camera class from many photos and packages (the issue: a real class of several sources).
      real: { type: 'string', default: '60' },
      out: { type: 'string' },
      work: { type: 'string', default: join(tmpdir(), 'causalprint-default-library') },
      folds: { type: 'string', default: '0' },
      sdedit: { type: 'string', default: 'default' },
    },
    strict: true,
  });
  sharp.concurrency(1);
  const packDir = resolveResourcePath('packs/causalprint-base-v1');
  const outFile = values.out ?? resolveResourcePath(DEFAULT_LIBRARY_FILE);
  const source = sourceCommit();
  process.stderr.write(`library:default: inputs at commit ${source.commit} (${source.committedAt})\n`);
  const build = await buildDefaultLibrary({
    outFile,
    workDir: values.work,
    zooDir: resolveResourcePath('zoo'),
    packDir,
    corpusManifest: resolveResourcePath('corpus/manifest.json'),
    corpusRoot: resolveResourcePath('.work/corpus'),
    size: positiveInt(values.size, 'size'),
    perGenerator: positiveInt(values['per-generator'], 'per-generator'),
    realReferences: positiveInt(values.real, 'real'),
    sdedit: values.sdedit === 'off' ? [] : DEFAULT_SDEDIT,
    engine: () => openPackLibraryEngine({ packDir }),
    source,
    folds: Number.parseInt(values.folds, 10),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  writeFileSync(join(values.work, 'validation.json'), `${JSON.stringify(build, null, 1)}\n`);
  const mb = (build.bytes / 1e6).toFixed(2);
  process.stdout.write(`${outFile}: ${build.generators} entries, ${build.references} references, ${mb} MB, content hash ${build.contentHash}\n`);
  process.stdout.write(`render ${build.renderSeconds.toFixed(0)} s, enrol ${build.enrolSeconds.toFixed(0)} s, validate ${build.validateSeconds.toFixed(0)} s\n`);
  const v = build.validation;
  if (v) {
    process.stdout.write(`${v.folds}-fold cross-validation: accuracy ${(v.accuracy * 100).toFixed(1)}%, called unknown ${(v.falseUnknownRate * 100).toFixed(1)}%\n`);
    for (const e of v.entries) process.stdout.write(`  ${e.generatorKey.padEnd(28)} recall ${(e.recall * 100).toFixed(0).padStart(3)}%  FDR ${e.fdr.toFixed(2).padStart(7)}  nearest ${e.nearestConfuser ?? '-'}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`library:default failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
