import { Command, CommanderError } from 'commander';
import { CausalPrintError } from '../contract/errors.js';
import { verifyAudit } from '../services/contract-handlers.js';
import { ensureDemoCase } from '../services/demo-case.js';
import { registerCaseCommands } from './case-commands.js';
import { type CliIo, processIo, withWorkstation } from './cli-io.js';
import { registerEvidenceCommands } from './evidence-commands.js';
import { registerLibraryCommands } from './library-commands.js';
import type { LibraryEngineFactory } from '../services/library/library-for-workstation.js';
import { openPackLibraryEngine } from '../services/library/pack-library-engine.js';

/** What the CLI opens beyond the workstation; tests swap the fingerprint engine for a fake. */
export interface CliDeps {
  libraryEngine?: LibraryEngineFactory;
}

/**
 * Runs one CLI invocation in-process and returns its exit code: 0 success, 1 a check failed
 * (audit problems, integrity failure, every file rejected), 2 an error, 130 an import stopped by
 * Ctrl-C. Errors are printed as one readable line; the stack only with CAUSALPRINT_DEBUG=1.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo, deps: CliDeps = {}): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  const program = new Command('causalprint')
    .description('CausalPrint forensic workstation — command line')
    .option('--home <dir>', 'data directory (default: $CAUSALPRINT_HOME or the OS app-data folder)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const home = (): string | undefined => program.opts<{ home?: string }>().home;

  registerCaseCommands(program, io, home);
  registerEvidenceCommands(program, io, home, setExit);
  registerLibraryCommands(program, io, home, setExit, deps.libraryEngine ?? openPackLibraryEngine);

  program
    .command('audit')
    .description('audit trail')
    .command('verify')
    .description('recompute the hash chain of a case and report every edited, deleted or reordered entry')
    .argument('<case>', 'case number or id')
    .action(async (caseRef: string) => {
      await withWorkstation(home(), async (ws) => {
        const target = ws.cases.resolve(caseRef);
        const result = verifyAudit(ws, target.id);
        for (const problem of result.problems) io.out(`PROBLEM  #${problem.seq} ${problem.kind}: ${problem.message}`);
        io.out(
          result.ok
            ? `Audit chain of ${target.number} is intact: ${result.entries} entries, head ${result.headHash ?? '(empty)'}.`
            : `Audit chain of ${target.number} is BROKEN: ${result.problems.length} problem(s) in ${result.entries} entries.`,
        );
        if (!result.ok) setExit(1);
      });
    });

  program
    .command('demo')
    .description('create the demonstration case DEMO-0001 from the bundled sample images (once)')
    .action(async () => {
      await withWorkstation(home(), async (_ws, ctx) => {
        const demo = await ensureDemoCase(ctx);
        io.out(`Demo case ${demo.number} (${demo.id}) has ${demo.evidenceCount} item(s).`);
      });
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const message = error instanceof CausalPrintError ? error.message : `Unexpected error: ${(error as Error).message}`;
    io.err(`causalprint: ${message}`);
    if (process.env.CAUSALPRINT_DEBUG === '1') io.err(String((error as Error).stack));
    return 2;
  }
  return exitCode;
}
