import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CausalPrintError } from '../../contract/errors.js';
import type { Db } from '../../../database/open-database.js';
import {
  GENERATOR_FAMILIES,
  type GeneratorFamily,
  type GeneratorRecord,
  type LibraryRepository,
  type ReferenceRecord,
} from '../../../database/repositories/library-repository.js';
import { inspectImage } from '../../engine/intake/inspect-image.js';
import { IntakeRejection } from '../../engine/intake/rejection.js';
import { stageFile } from '../../engine/intake/stage-file.js';
import type { SourceEntry } from '../../engine/intake/walk-sources.js';
import { decodeFingerprint, encodeFingerprint } from '../../engine/library/fingerprint-codec.js';
import type { EnrolledFingerprint, FittedLibrary, LibraryAttribution, LibraryEngine } from '../../engine/library/library-engine.js';
import { validateLibrary, type LibraryValidation } from '../../engine/library/library-validation.js';
import { canonicalJson } from '../audit-chain.js';

export interface NewGenerator {
  key: string;
  displayName: string;
  family: GeneratorFamily;
  version?: string;
  notes?: string;
  isReal?: boolean;
}

export interface EnrolResult {
  name: string;
  status: 'enrolled' | 'duplicate' | 'rejected';
  sha256?: string;
  reason?: string;
}

export interface LibraryServiceDeps {
  db: Db;
  repo: LibraryRepository;
  home: string;
  engine: () => Promise<LibraryEngine>;
  limits: () => { maxPixels: number; maxFileBytes: number };
  actor: () => string;
  now: () => string;
  /** Where the service says what takes time and why (e.g. fingerprints recomputed for a new engine version). */
  log?: (line: string) => void;
}

/** A fitted model of the current library for the current pack, with the hashes that identify it. */
export interface CurrentModel {
  packId: string;
  /** `<fingerprint version>#fit:<fit recipe>`: what the fingerprints are and how the model was fitted. */
  packVersion: string;
  libraryHash: string;
  fitted: FittedLibrary;
  validation: LibraryValidation | null;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/**
 * The analyst's fingerprint library: generator entries, reference images enrolled through the
 * same intake as evidence (copied, hashed, inspected, stored read-only under
 * `<home>/library/references/`), their fingerprints per model pack, validation and attribution.
 */
export class LibraryService {
  constructor(private readonly deps: LibraryServiceDeps) {}

  listGenerators(): (GeneratorRecord & { references: number })[] {
    const refs = this.deps.repo.references();
    return this.deps.repo.listGenerators().map((g) => ({ ...g, references: refs.filter((r) => r.generatorId === g.id).length }));
  }

  generator(key: string): GeneratorRecord {
    const found = this.deps.repo.generatorByKey(key);
    if (!found) throw new CausalPrintError('NOT_FOUND', `The library has no generator "${key}".`);
    return found;
  }

  createGenerator(input: NewGenerator): GeneratorRecord {
    if (!KEY_PATTERN.test(input.key)) {
      throw new CausalPrintError('VALIDATION', `Generator key "${input.key}" must be lower-case letters, digits, '.', '_' or '-' (at most 80).`);
    }
    if (!GENERATOR_FAMILIES.includes(input.family)) {
      throw new CausalPrintError('VALIDATION', `Family must be one of ${GENERATOR_FAMILIES.join(', ')}.`);
    }
    if (this.deps.repo.generatorByKey(input.key)) throw new CausalPrintError('CONFLICT', `The library already has a generator "${input.key}".`);
    const at = this.deps.now();
    const record: GeneratorRecord = {
      id: randomUUID(),
      key: input.key,
      displayName: input.displayName.trim() || input.key,
      family: input.family,
      version: input.version ?? '',
      notes: input.notes ?? '',
      isReal: input.isReal ?? input.family === 'camera',
      createdAt: at,
      updatedAt: at,
    };
    this.deps.repo.insertGenerator(record);
    return record;
  }

  /** Enrols reference files for one generator; each file is enrolled, a duplicate, or rejected with a reason. */
  async enrol(generatorKey: string, entries: readonly SourceEntry[], options: { provenance?: string; contentIdOf?: (e: SourceEntry) => string | null } = {}): Promise<EnrolResult[]> {
    const generator = this.generator(generatorKey);
    const engine = await this.deps.engine();
    const results: EnrolResult[] = [];
    for (const entry of entries) {
      results.push(await this.enrolOne(generator, entry, engine, options.provenance ?? '', options.contentIdOf?.(entry) ?? null));
    }
    return results;
  }

  /** Canonical identity of the library's content: entries and the hashes of their references. */
  libraryHash(): string {
    const refs = this.deps.repo.references();
    const body = this.deps.repo.listGenerators().map((g) => ({
      key: g.key,
      displayName: g.displayName,
      family: g.family,
      version: g.version,
      isReal: g.isReal,
      references: refs.filter((r) => r.generatorId === g.id).map((r) => r.sha256).sort(),
    }));
    return sha256(canonicalJson(body));
  }

  /** Cross-validates the library and stores the fitted model with its validation. */
  async validate(folds = 5): Promise<CurrentModel> {
    const engine = await this.deps.engine();
    const refs = await this.enrolledFingerprints(engine);
    const validation = await validateLibrary(engine, refs, folds);
    return this.storeModel(engine, refs, validation);
  }

  /** The fitted model for the current library and pack (fitted and stored once, then reused). */
  async currentModel(): Promise<CurrentModel> {
    const engine = await this.deps.engine();
    const libraryHash = this.libraryHash();
    const stored = this.deps.repo.latestModel(engine.packId, modelVersion(engine), libraryHash);
    if (stored) {
      return {
        packId: stored.packId,
        packVersion: stored.packVersion,
        libraryHash,
        fitted: { model: JSON.parse(stored.modelJson) as unknown, hash: stored.modelHash },
        validation: stored.validationJson ? (JSON.parse(stored.validationJson) as LibraryValidation) : null,
      };
    }
    return this.storeModel(engine, await this.enrolledFingerprints(engine), null);
  }

  /** Attributes one image file against the current library; the attribution carries the engine's notes on how it read the file. */
  async attributeFile(path: string, signal?: AbortSignal): Promise<{ model: CurrentModel; attribution: LibraryAttribution }> {
    const engine = await this.deps.engine();
    const model = await this.currentModel();
    const fingerprint = await engine.fingerprintFile(path, signal);
    return { model, attribution: { ...engine.attribute(model.fitted.model, fingerprint), notes: fingerprint.notes ?? [] } };
  }

  private async storeModel(engine: LibraryEngine, refs: EnrolledFingerprint[], validation: LibraryValidation | null): Promise<CurrentModel> {
    if (new Set(refs.map((r) => r.generatorKey)).size < 2) {
      throw new CausalPrintError('VALIDATION', 'The library needs references for at least two generators before it can attribute anything.');
    }
    const fitted = await engine.fit(refs);
    const libraryHash = this.libraryHash();
    this.deps.repo.insertModel({
      id: randomUUID(),
      packId: engine.packId,
      packVersion: modelVersion(engine),
      libraryHash,
      modelHash: fitted.hash,
      modelJson: JSON.stringify(fitted.model),
      validationJson: validation ? JSON.stringify(validation) : null,
      createdAt: this.deps.now(),
    });
    return { packId: engine.packId, packVersion: modelVersion(engine), libraryHash, fitted, validation };
  }

  /** Every reference's fingerprint for the engine's pack, computing (and storing) missing ones. */
  private async enrolledFingerprints(engine: LibraryEngine): Promise<EnrolledFingerprint[]> {
    const generators = new Map(this.deps.repo.listGenerators().map((g) => [g.id, g]));
    const references = this.deps.repo.references();
    this.reportMissingFingerprints(engine, references);
    const out: EnrolledFingerprint[] = [];
    for (const ref of references) {
      const generator = generators.get(ref.generatorId)!;
      out.push({
        generatorKey: generator.key,
        isReal: generator.isReal,
        contentId: ref.contentId,
        fingerprint: decodeFingerprint(await this.fingerprintOf(ref, engine)),
      });
    }
    return out;
  }

  /**
   * Says, before the slow part, how many references have no fingerprint of the engine's version
   * and which other versions they carry (an imported or default library made by another engine).
   */
  private reportMissingFingerprints(engine: LibraryEngine, references: readonly ReferenceRecord[]): void {
    if (!this.deps.log) return;
    const made = this.deps.db.prepare('SELECT reference_id AS id FROM reference_fingerprints WHERE pack_id = ? AND pack_version = ?').all(engine.packId, engine.packVersion) as { id: string }[];
    const have = new Set(made.map((row) => row.id));
    const missing = references.filter((ref) => !have.has(ref.id));
    if (missing.length === 0) return;
    const others = this.deps.db
      .prepare(`SELECT DISTINCT pack_id AS packId, pack_version AS packVersion FROM reference_fingerprints WHERE NOT (pack_id = ? AND pack_version = ?) ORDER BY 1, 2`)
      .all(engine.packId, engine.packVersion) as { packId: string; packVersion: string }[];
    const stored = others.length > 0 ? ` The library holds fingerprints of other versions (${others.map((o) => `${o.packId} ${o.packVersion}`).join('; ')}), which this engine does not use.` : '';
    this.deps.log(
      `Computing the fingerprints of ${missing.length} of ${references.length} library reference(s) for ${engine.packId} ${engine.packVersion}; this happens once per engine version.${stored}`,
    );
  }

  private async fingerprintOf(ref: ReferenceRecord, engine: LibraryEngine): Promise<Buffer> {
    const stored = this.deps.repo.fingerprint(ref.id, engine.packId, engine.packVersion);
    if (stored) return stored;
    const vault = join(this.deps.home, ref.vaultPath);
    if (!existsSync(vault)) throw new CausalPrintError('INTEGRITY', `Reference "${ref.originalName}" (${ref.sha256}) is missing from the library vault.`);
    const blob = encodeFingerprint(await engine.fingerprintFile(vault));
    this.deps.repo.putFingerprint(ref.id, engine.packId, engine.packVersion, blob, this.deps.now());
    return blob;
  }

  private async enrolOne(generator: GeneratorRecord, entry: SourceEntry, engine: LibraryEngine, provenance: string, contentId: string | null): Promise<EnrolResult> {
    const name = entry.displayName;
    if (entry.rejection) return { name, status: 'rejected', reason: entry.rejection.reason };
    const { maxPixels, maxFileBytes } = this.deps.limits();
    const incoming = join(this.deps.home, 'library', '.incoming');
    mkdirSync(incoming, { recursive: true });
    let staged;
    try {
      staged = await stageFile(entry.path, name, incoming, maxFileBytes);
    } catch (error) {
      if (error instanceof IntakeRejection) return { name, status: 'rejected', reason: error.reason };
      throw error;
    }
    const thumb = `${staged.tempPath}.thumb.webp`;
    try {
      if (this.deps.repo.referenceBySha(generator.id, staged.sha256)) return { name, status: 'duplicate', sha256: staged.sha256, reason: `Already enrolled for ${generator.key}.` };
      let facts;
      try {
        facts = await inspectImage(staged.tempPath, name, { maxPixels, thumbnailPath: thumb, c2paMarker: staged.c2paMarker });
      } catch (error) {
        if (error instanceof IntakeRejection) return { name, status: 'rejected', sha256: staged.sha256, reason: error.reason };
        throw error;
      }
      // Fingerprint before committing anything, so an engine failure leaves no reference behind.
      const blob = encodeFingerprint(await engine.fingerprintFile(staged.tempPath));
      const vaultRelative = join('library', 'references', `${staged.sha256}.${facts.extension}`);
      const vault = join(this.deps.home, vaultRelative);
      const record: ReferenceRecord = {
        id: randomUUID(),
        generatorId: generator.id,
        sha256: staged.sha256,
        originalName: name,
        vaultPath: vaultRelative,
        sizeBytes: staged.sizeBytes,
        width: facts.width,
        height: facts.height,
        format: facts.format,
        provenance,
        contentId,
        enrolledAt: this.deps.now(),
        enrolledBy: this.deps.actor(),
      };
      let placed = false;
      try {
        this.deps.db.transaction(() => {
          this.deps.repo.insertReference(record);
          this.deps.repo.putFingerprint(record.id, engine.packId, engine.packVersion, blob, record.enrolledAt);
          if (!existsSync(vault)) {
            mkdirSync(dirname(vault), { recursive: true });
            renameSync(staged.tempPath, vault);
            placed = true;
            chmodSync(vault, 0o444);
          }
        }).immediate();
      } catch (error) {
        if (placed) rmSync(vault, { force: true });
        throw error;
      }
      return { name, status: 'enrolled', sha256: staged.sha256 };
    } finally {
      await rm(staged.tempPath, { force: true });
      await rm(thumb, { force: true });
    }
  }
}

/** Key of a cached model: what the fingerprints are and how the model was fitted. */
function modelVersion(engine: LibraryEngine): string {
  return `${engine.packVersion}#fit:${engine.fitVersion}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
