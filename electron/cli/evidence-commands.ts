import type { Command } from 'commander';
import type { ImportFileResult } from '../contract/schemas.js';
import { verifyEvidence } from '../services/evidence-verify.js';
import { findVaultOrphans } from '../services/vault-orphans.js';
import { now } from '../services/workstation.js';
import { type CliIo, withWorkstation } from './cli-io.js';

/** `evidence import` and `evidence verify`. Sets `process.exitCode`-style codes via `setExit`. */
export function registerEvidenceCommands(program: Command, io: CliIo, home: () => string | undefined, setExit: (code: number) => void): void {
  const evidence = program.command('evidence').description('import and verify evidence');

  evidence
    .command('import')
    .description('import image files and folders (recursively) into a case')
    .argument('<case>', 'case number or id')
    .argument('<paths...>', 'files or folders')
    .action(async (caseRef: string, paths: string[]) => {
      await withWorkstation(home(), async (ws) => {
        const target = ws.cases.resolve(caseRef);
        const unsubscribe = ws.subscribe((channel, payload) => {
          if (channel === 'jobs:progress' && 'result' in payload && payload.result) io.out(describe(payload.result));
        });
        const jobId = ws.startPathImport(target.id, paths);
        // Ctrl-C stops after the file in hand, so nothing is left half-imported.
        const onInterrupt = (): void => {
          if (ws.jobs.cancel(jobId)) io.err('Interrupted: stopping after the current file…');
        };
        process.on('SIGINT', onInterrupt);
        const job = await ws.jobs.wait(jobId).finally(() => {
          process.off('SIGINT', onInterrupt);
          unsubscribe();
        });
        const { imported, duplicates, rejected } = job.summary;
        io.out(`${job.total} file(s): ${imported} imported, ${duplicates} duplicate(s), ${rejected} rejected — case ${target.number}.`);
        if (job.status === 'cancelled') {
          io.err(`Import cancelled after ${job.done} of ${job.total} file(s); what was imported is complete and verified.`);
          setExit(130);
        } else if (job.status === 'failed') {
          io.err(`Import failed: ${job.error ?? 'unknown error'}`);
          setExit(2);
        } else if (job.total > 0 && rejected === job.total) {
          setExit(1);
        }
      });
    });

  evidence
    .command('verify')
    .description('re-hash every vault copy of a case and report integrity')
    .argument('<case>', 'case number or id')
    .action(async (caseRef: string) => {
      await withWorkstation(home(), async (ws) => {
        const target = ws.cases.resolve(caseRef);
        const deps = { db: ws.db, layout: ws.layout, evidence: ws.repos.evidence, audit: ws.audit, now };
        let bad = 0;
        for (const record of ws.repos.evidence.listByCase(target.id)) {
          const checked = await verifyEvidence(deps, record);
          if (checked.integrity !== 'verified') bad++;
          const detail =
            checked.integrity === 'mismatch'
              ? ` — expected ${checked.sha256}, found ${checked.lastVerifiedSha256 ?? '?'}`
              : checked.integrity === 'missing'
                ? ' — the vault file is missing'
                : '';
          io.out(`${checked.integrity.toUpperCase().padEnd(8)} ${checked.sha256.slice(0, 12)}  ${checked.originalName}${detail}`);
        }
        const orphans = findVaultOrphans(ws.layout, ws.repos.evidence, target.id);
        for (const name of orphans) io.out(`ORPHAN   ${name} — in the vault but not in the case (an interrupted import?); left untouched`);
        io.out(bad === 0 ? `All evidence of ${target.number} verified.` : `${bad} item(s) of ${target.number} FAILED verification.`);
        if (bad > 0 || orphans.length > 0) setExit(1);
      });
    });
}

function describe(result: ImportFileResult): string {
  const hash = result.sha256 ? `${result.sha256.slice(0, 12)}  ` : '';
  if (result.status === 'imported') return `imported   ${hash}${result.name}`;
  if (result.status === 'duplicate') return `duplicate  ${hash}${result.name} — ${result.reason ?? 'already in the case'}`;
  return `rejected   ${result.name} — [${result.reasonCode ?? 'ERROR'}] ${result.reason ?? ''}`;
}
