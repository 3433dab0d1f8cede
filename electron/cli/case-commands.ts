import type { Command } from 'commander';
import { NewCaseSchema } from '../contract/schemas.js';
import { CausalPrintError } from '../contract/errors.js';
import { type CliIo, pad, withWorkstation } from './cli-io.js';

/** `case create` and `case list`. */
export function registerCaseCommands(program: Command, io: CliIo, home: () => string | undefined): void {
  const cases = program.command('case').description('create and list cases');

  cases
    .command('create')
    .description('open a new case')
    .requiredOption('--number <number>', 'unique case number, e.g. 2026-0042')
    .requiredOption('--title <title>', 'short title')
    .requiredOption('--examiner <name>', 'examiner responsible for the case')
    .option('--description <text>', 'notes', '')
    .action(async (opts: { number: string; title: string; examiner: string; description: string }) => {
      // Same validation as the UI gets through the contract.
      const parsed = NewCaseSchema.safeParse(opts);
      if (!parsed.success) throw new CausalPrintError('VALIDATION', parsed.error.issues.map((i) => i.message).join('; '));
      await withWorkstation(home(), async (ws) => {
        const created = ws.cases.create(parsed.data);
        io.out(`Created case ${created.number} (${created.id}): ${created.title}`);
      });
    });

  cases
    .command('list')
    .description('list cases, newest first')
    .option('--search <text>', 'filter by number, title or examiner')
    .action(async (opts: { search?: string }) => {
      await withWorkstation(home(), async (ws) => {
        const list = ws.cases.list(opts.search);
        if (list.length === 0) {
          io.out(opts.search ? `No case matches "${opts.search}".` : 'No cases yet.');
          return;
        }
        io.out(`${pad('NUMBER', 16)} ${pad('STATUS', 8)} ${pad('EVIDENCE', 8)} ${pad('EXAMINER', 16)} TITLE`);
        for (const c of list) {
          io.out(`${pad(c.number, 16)} ${pad(c.status, 8)} ${pad(String(c.evidenceCount), 8)} ${pad(c.examiner, 16)} ${c.title}`);
        }
      });
    });
}
