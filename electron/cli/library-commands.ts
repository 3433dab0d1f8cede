import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CausalPrintError } from '../contract/errors.js';
import { walkSources } from '../engine/intake/walk-sources.js';
import { GENERATOR_FAMILIES, type GeneratorFamily } from '../../database/repositories/library-repository.js';
import { defaultLibraryPath, importDefaultLibrary, removeDefaultLibrary } from '../services/library/default-library.js';
import { libraryFor, type LibraryEngineFactory } from '../services/library/library-for-workstation.js';
import { now } from '../services/workstation.js';
import { type CliIo, pad, withWorkstation } from './cli-io.js';

/**
 * `library add|list|enrol|validate|export|import|import-default|remove-default` and `attribute <files…>`. The fingerprint
 * engine is opened lazily (only commands that need fingerprints pay for loading the pack).
 */
export function registerLibraryCommands(
  program: Command,
  io: CliIo,
  home: () => string | undefined,
  setExit: (code: number) => void,
  engine: LibraryEngineFactory,
): void {
  const library = program.command('library').description('the generator fingerprint library');

  library
    .command('add')
    .description('create a generator entry')
    .argument('<key>', 'short id, e.g. stylegan2')
    .requiredOption('--family <family>', `one of ${GENERATOR_FAMILIES.join(', ')}`)
    .option('--name <name>', 'display name')
    .option('--version <version>', 'model version', '')
    .option('--notes <notes>', 'notes', '')
    .option('--real', 'this entry is the real-camera class')
    .action(async (key: string, o: { family: string; name?: string; version: string; notes: string; real?: boolean }) => {
      await withWorkstation(home(), async (ws) => {
        const g = libraryFor(ws, engine).service.createGenerator({
          key,
          displayName: o.name ?? key,
          family: o.family as GeneratorFamily,
          version: o.version,
          notes: o.notes,
          ...(o.real ? { isReal: true } : {}),
        });
        io.out(`Generator ${g.key} (${g.family}) added.`);
      });
    });

  library
    .command('list')
    .description('list generator entries and their reference counts')
    .action(async () => {
      await withWorkstation(home(), async (ws) => {
        const lib = libraryFor(ws, engine).service;
        const rows = lib.listGenerators();
        if (rows.length === 0) io.out('The library is empty.');
        for (const g of rows) io.out(`${pad(g.key, 24)} ${pad(g.family, 17)} ${String(g.references).padStart(5)} ref(s)  ${g.displayName}${g.isReal ? '  [real]' : ''}`);
        io.out(`Library hash ${lib.libraryHash()}`);
      });
    });

  library
    .command('enrol')
    .description('enrol reference images (files or folders) for a generator; creates the entry with --family if missing')
    .argument('<generator>', 'generator key')
    .argument('<paths...>', 'image files or folders')
    .option('--family <family>', 'family when the entry does not exist yet')
    .option('--provenance <text>', 'where these references come from', '')
    .action(async (key: string, paths: string[], o: { family?: string; provenance: string }) => {
      await withWorkstation(home(), async (ws) => {
        const lib = libraryFor(ws, engine).service;
        if (!lib.listGenerators().some((g) => g.key === key)) {
          if (!o.family) throw new CausalPrintError('NOT_FOUND', `The library has no generator "${key}"; give --family to create it.`);
          lib.createGenerator({ key, displayName: key, family: o.family as GeneratorFamily });
        }
        const results = await lib.enrol(key, await walkSources(paths.map((p) => resolve(p))), { provenance: o.provenance });
        for (const r of results) io.out(`${pad(r.status, 9)} ${r.sha256 ? `${r.sha256.slice(0, 12)}  ` : ''}${r.name}${r.reason ? ` — ${r.reason}` : ''}`);
        const enrolled = results.filter((r) => r.status === 'enrolled').length;
        io.out(`${enrolled} of ${results.length} file(s) enrolled for ${key}.`);
        if (results.length > 0 && enrolled === 0 && results.every((r) => r.status === 'rejected')) setExit(1);
      });
    });

  library
    .command('validate')
    .description('cross-validate the library: accuracy, confusion matrix, per-entry spread, FDR and nearest confuser')
    .option('--folds <k>', 'number of folds', '5')
    .option('--json', 'print the validation as JSON')
    .action(async (o: { folds: string; json?: boolean }) => {
      await withWorkstation(home(), async (ws) => {
        const current = await libraryFor(ws, engine).service.validate(Number.parseInt(o.folds, 10));
        const v = current.validation!;
        if (o.json) {
          io.out(JSON.stringify({ pack: { id: current.packId, version: current.packVersion }, libraryHash: current.libraryHash, modelHash: current.fitted.hash, validation: v }, null, 2));
          return;
        }
        io.out(`${v.folds}-fold cross-validation of ${v.references} reference(s): accuracy ${(v.accuracy * 100).toFixed(1)}%, called unknown ${(v.falseUnknownRate * 100).toFixed(1)}%.`);
        for (const note of v.notes) io.out(`note: ${note}`);
        io.out(`${pad('entry', 24)} ${'refs'.padStart(5)} ${'recall'.padStart(7)} ${'spread'.padStart(8)} ${'FDR'.padStart(8)}  nearest confuser`);
        for (const e of v.entries) {
          io.out(`${pad(e.generatorKey, 24)} ${String(e.references).padStart(5)} ${(e.recall * 100).toFixed(1).padStart(6)}% ${e.spread.toFixed(3).padStart(8)} ${e.fdr.toFixed(2).padStart(8)}  ${e.nearestConfuser ?? '-'}`);
        }
        io.out(`confusion (rows = truth, columns = ${[...v.labels, 'unknown'].join(', ')}):`);
        v.labels.forEach((label, i) => io.out(`${pad(label, 24)} ${v.confusion[i]!.map((n) => String(n).padStart(4)).join('')}`));
        io.out(`pack ${current.packId}@${current.packVersion}, library ${current.libraryHash.slice(0, 16)}, model ${current.fitted.hash.slice(0, 16)}`);
      });
    });

  library
    .command('export')
    .description('write the whole library (entries, reference images, fingerprints) to one file with a content hash')
    .argument('<file>', 'output file (.cplib)')
    .action(async (file: string) => {
      await withWorkstation(home(), async (ws) => {
        const r = libraryFor(ws, engine).exportTo(resolve(file));
        io.out(`Exported ${r.generators} generator(s), ${r.references} reference(s) to ${file}; content hash ${r.contentHash}.`);
      });
    });

  library
    .command('import')
    .description('add the entries and references of a library file (hash-checked)')
    .argument('<file>', 'library file (.cplib)')
    .action(async (file: string) => {
      await withWorkstation(home(), async (ws) => {
        const r = libraryFor(ws, engine).importFrom(resolve(file));
        io.out(`Imported ${file} (content hash ${r.contentHash}): ${r.generatorsAdded} generator(s) added, ${r.referencesAdded} reference(s) added, ${r.referencesSkipped} already present.`);
      });
    });

  library
    .command('import-default')
    .description('add the built-in default library (zoo generators and real-camera crops; hash-checked, present references skipped)')
    .option('--file <file>', 'library file instead of the bundled default')
    .action(async (o: { file?: string }) => {
      await withWorkstation(home(), async (ws) => {
        const r = importDefaultLibrary({ db: ws.db, home: ws.layout.home, now }, o.file ? resolve(o.file) : defaultLibraryPath());
        io.out(`Imported the default library ${r.file} (content hash ${r.contentHash}): ${r.generatorsAdded} generator(s) added, ${r.referencesAdded} reference(s) added, ${r.referencesSkipped} already present.`);
      });
    });

  library
    .command('remove-default')
    .description("remove the default library's references and the entries it leaves empty (your own entries and references stay); it is not imported again automatically")
    .option('--file <file>', 'library file instead of the bundled default')
    .action(async (o: { file?: string }) => {
      await withWorkstation(home(), async (ws) => {
        const r = removeDefaultLibrary({ db: ws.db, home: ws.layout.home, now }, o.file ? resolve(o.file) : defaultLibraryPath());
        io.out(`Removed ${r.referencesRemoved} default reference(s) and ${r.generatorsRemoved} entr${r.generatorsRemoved === 1 ? 'y' : 'ies'}.`);
      });
    });

  program
    .command('attribute')
    .description('attribute image files to the generators of the library')
    .argument('<files...>', 'image files')
    .option('--json', 'print results as JSON')
    .option('--top <n>', 'generators listed per image', '3')
    .action(async (files: string[], o: { json?: boolean; top: string }) => {
      await withWorkstation(home(), async (ws) => {
        const lib = libraryFor(ws, engine).service;
        const out: unknown[] = [];
        for (const file of files) {
          const { model, attribution } = await lib.attributeFile(resolve(file));
          if (o.json) {
            out.push({ file, pack: { id: model.packId, version: model.packVersion }, libraryHash: model.libraryHash, modelHash: model.fitted.hash, ...attribution });
            continue;
          }
          const top = attribution.ranked.slice(0, Number.parseInt(o.top, 10));
          const verdict = attribution.unknown ? 'UNKNOWN SOURCE (not in library)' : `${top[0]!.generatorKey} (p = ${top[0]!.probability.toFixed(3)})`;
          io.out(`${file}: ${verdict}`);
          for (const r of top) io.out(`    ${pad(r.generatorKey, 24)} p = ${r.probability.toFixed(3)}  score ${r.score.toFixed(3)}`);
          io.out(`    unknown score ${attribution.unknownScore.toFixed(3)}`);
        }
        if (o.json) io.out(JSON.stringify(out, null, 2));
      });
    });
}
