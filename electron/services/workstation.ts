import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CasesRepository } from '../../database/repositories/cases-repository.js';
import { AuditRepository } from '../../database/repositories/audit-repository.js';
import { EvidenceRepository } from '../../database/repositories/evidence-repository.js';
import { SettingsRepository } from '../../database/repositories/settings-repository.js';
import { migrate } from '../../database/migrator.js';
import { openDatabase, type Db } from '../../database/open-database.js';
import type { ImportFileResult, Job } from '../contract/schemas.js';
import { walkSources, type SourceEntry } from '../engine/intake/walk-sources.js';
import type { AppContextOptions, EventSink } from './app-context-types.js';
import { AuditLog } from './audit-log.js';
import { CaseService } from './case-service.js';
import { importOne, type ImporterDeps } from './evidence-import.js';
import { sweepStaleIncoming } from './incoming-sweep.js';
import { HomeLayout } from './home-layout.js';
import { ensureDefaultLibraryOnStart } from './library/default-library.js';
import { JobManager } from './jobs.js';
import { SettingsService } from './settings-service.js';
import { UploadStore } from './uploads.js';
import { findProjectRoot } from './project-root.js';

/**
 * The services of one workstation process, wired once. The contract handlers, the CLI and the
 * demo case all work through this object; front doors only see the `AppContext` face of it.
 */
export class Workstation {
  readonly layout: HomeLayout;
  readonly db: Db;
  readonly repos: { cases: CasesRepository; evidence: EvidenceRepository; audit: AuditRepository };
  readonly settings: SettingsService;
  readonly audit: AuditLog;
  readonly cases: CaseService;
  readonly jobs: JobManager;
  readonly uploads: UploadStore;
  private readonly sinks = new Set<EventSink>();

  constructor(readonly options: AppContextOptions) {
    this.layout = new HomeLayout(options.home);
    this.db = openDatabase(this.layout.database);
    try {
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.repos = { cases: new CasesRepository(this.db), evidence: new EvidenceRepository(this.db), audit: new AuditRepository(this.db) };
    this.settings = new SettingsService(new SettingsRepository(this.db), now);
    this.audit = new AuditLog(this.db, this.repos.audit, () => this.settings.get().examinerName, now);
    this.cases = new CaseService(this.db, this.repos.cases, this.audit, now);
    this.jobs = new JobManager(this.broadcast);
    this.uploads = new UploadStore(this.layout.stagingRoot());
    const swept = sweepStaleIncoming(this.layout);
    if (swept.length > 0) console.warn(`CausalPrint: removed ${swept.length} temp file(s) left by an interrupted import.`);
    // First start of the desktop app: an empty library gets the built-in default library (once per home).
    if (options.mode === 'electron') ensureDefaultLibraryOnStart({ db: this.db, home: this.layout.home, now });
  }

  get importer(): ImporterDeps {
    return { db: this.db, layout: this.layout, evidence: this.repos.evidence, audit: this.audit, settings: this.settings, now };
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** Starts importing files/folders from the local filesystem; returns the job id at once. */
  startPathImport(caseId: string, paths: readonly string[]): string {
    this.cases.get(caseId);
    return this.jobs.startImport<SourceEntry>(caseId, {
      list: (signal) => walkSources(paths, signal),
      nameOf: (entry) => entry.displayName,
      importOne: (entry, signal) => importOne(this.importer, caseId, entry, signal),
    });
  }

  /** Imports and then deletes an upload area (server mode). */
  async startUploadImport(caseId: string, uploadId: string): Promise<string> {
    this.cases.get(caseId);
    const entries = await this.uploads.entries(uploadId);
    return this.jobs.startImport<SourceEntry>(caseId, {
      list: async () => entries,
      nameOf: (entry) => entry.displayName,
      importOne: (entry, signal): Promise<ImportFileResult> => importOne(this.importer, caseId, entry, signal),
      cleanup: () => this.uploads.remove(uploadId),
    });
  }

  /** Convenience for the CLI, demo case and tests: import and wait for the final job state. */
  async importPaths(caseId: string, paths: readonly string[]): Promise<Job> {
    return this.jobs.wait(this.startPathImport(caseId, paths));
  }

  async close(): Promise<void> {
    await this.jobs.shutdown();
    if (this.db.open) this.db.close();
  }

  private readonly broadcast: EventSink = (channel, payload) => {
    for (const sink of this.sinks) {
      try {
        sink(channel, payload);
      } catch (error) {
        // One broken window or SSE client must not stop an import; the failure is still reported.
        console.error(`CausalPrint: an event sink failed on ${channel}:`, error);
      }
    }
  };
}

/** ISO-8601 UTC timestamps everywhere (audit, rows), millisecond precision. */
export function now(): string {
  return new Date().toISOString();
}

/** Version from package.json, two folders up both from the sources and from `out/main/`. */
export function appVersion(): string {
  const root = findProjectRoot(import.meta.url);
  const file = root ? join(root, 'package.json') : null;
  if (!file || !existsSync(file)) return '0.0.0';
  return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
}
