import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { CausalPrintError } from '../../contract/errors.js';
import type { Db } from '../../../database/open-database.js';
import type { LibraryRepository } from '../../../database/repositories/library-repository.js';
import { GeneratorFamilySchema } from '../../contract/library-schemas.js';
import { decodeFingerprint, encodeFingerprint } from '../../engine/library/fingerprint-codec.js';
import { canonicalJson } from '../audit-chain.js';

/**
 * A library as one file (`.cplib`, canonical JSON): every generator entry, every reference with
 * its image bytes and stored fingerprints (each under the pack id and fingerprint version that
 * made it), and `contentHash` = SHA-256 of the canonical JSON of everything else. Import refuses a
 * file whose hash or any image's SHA-256 does not match.
 */
const ReferenceSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  originalName: z.string(),
  sizeBytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  extension: z.string().regex(/^[a-z0-9]{1,8}$/),
  provenance: z.string(),
  contentId: z.string().nullable(),
  enrolledAt: z.string(),
  enrolledBy: z.string(),
  imageBase64: z.string(),
  fingerprints: z.array(z.object({ packId: z.string(), packVersion: z.string(), dataBase64: z.string() })),
});
const LibraryFileSchema = z.object({
  format: z.literal('causalprint-library'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  libraryHash: z.string(),
  generators: z.array(
    z.object({
      key: z.string(),
      displayName: z.string(),
      family: GeneratorFamilySchema,
      version: z.string(),
      notes: z.string(),
      isReal: z.boolean(),
      references: z.array(ReferenceSchema),
    }),
  ),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type LibraryFile = z.infer<typeof LibraryFileSchema>;

export interface LibraryFileDeps {
  db: Db;
  repo: LibraryRepository;
  home: string;
  now: () => string;
  libraryHash: () => string;
}

/**
 * What an export carries of the stored fingerprints: all of them as stored ("stored", default);
 * "compact": the whole-image vectors (the image and its processed copies, all a library fit uses)
 * in float16, about a tenth of the size, for a library that ships with the app; "none": the
 * reference images only (the importer's pack fingerprints them on first use).
 */
export type FingerprintExport = 'stored' | 'compact' | 'none';

/** Writes the whole library to `file`; returns the file's content hash. */
export function exportLibrary(deps: LibraryFileDeps, file: string, options: { fingerprints?: FingerprintExport } = {}): { contentHash: string; generators: number; references: number } {
  const refs = deps.repo.references();
  const generators = deps.repo.listGenerators().map((g) => ({
    key: g.key,
    displayName: g.displayName,
    family: g.family,
    version: g.version,
    notes: g.notes,
    isReal: g.isReal,
    references: refs
      .filter((r) => r.generatorId === g.id)
      .map((r) => {
        const bytes = readFileSync(join(deps.home, r.vaultPath));
        if (sha256(bytes) !== r.sha256) throw new CausalPrintError('INTEGRITY', `Reference "${r.originalName}" no longer matches its SHA-256; export stopped.`);
        return {
          sha256: r.sha256,
          originalName: r.originalName,
          sizeBytes: r.sizeBytes,
          width: r.width,
          height: r.height,
          format: r.format,
          extension: r.vaultPath.split('.').pop() ?? 'bin',
          provenance: r.provenance,
          contentId: r.contentId,
          enrolledAt: r.enrolledAt,
          enrolledBy: r.enrolledBy,
          imageBase64: bytes.toString('base64'),
          fingerprints: fingerprintsOf(deps.db, r.id, options.fingerprints ?? 'stored'),
        };
      }),
  }));
  const body = { format: 'causalprint-library' as const, formatVersion: 1 as const, exportedAt: deps.now(), libraryHash: deps.libraryHash(), generators };
  const contentHash = sha256(Buffer.from(canonicalJson(body), 'utf8'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, canonicalJson({ ...body, contentHash }), { flag: 'w' });
  return { contentHash, generators: generators.length, references: refs.length };
}

export interface LibraryImport {
  contentHash: string;
  generatorsAdded: number;
  referencesAdded: number;
  referencesSkipped: number;
  /**
   * Fingerprints that came with the added references, per pack id and fingerprint version. The
   * library uses those made by its current engine version and computes the others' anew on first
   * use (LibraryService says so when it does).
   */
  fingerprints: { packId: string; packVersion: string; references: number }[];
}

/**
 * Adds a library file's entries and references to this library in one transaction, with the
 * fingerprints the file carries (kept under their pack id and version). An entry with the same key
 * must have the same family; references already present are skipped.
 */
export function importLibrary(deps: LibraryFileDeps, file: string): LibraryImport {
  let parsed: LibraryFile;
  try {
    parsed = LibraryFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new CausalPrintError('VALIDATION', `${file} is not a CausalPrint library file: ${(error as Error).message.slice(0, 300)}`, undefined, { cause: error });
  }
  const { contentHash, ...body } = parsed;
  if (sha256(Buffer.from(canonicalJson(body), 'utf8')) !== contentHash) {
    throw new CausalPrintError('INTEGRITY', `${file} does not match its content hash: it was altered or damaged after export.`);
  }
  const placed: string[] = [];
  let generatorsAdded = 0;
  let referencesAdded = 0;
  let referencesSkipped = 0;
  const fingerprintCounts = new Map<string, { packId: string; packVersion: string; references: number }>();
  try {
    deps.db.transaction(() => {
      for (const g of parsed.generators) {
        let existing = deps.repo.generatorByKey(g.key);
        if (existing && existing.family !== g.family) {
          throw new CausalPrintError('CONFLICT', `Generator "${g.key}" exists here as ${existing.family} but as ${g.family} in the file.`);
        }
        if (!existing) {
          const at = deps.now();
          existing = { id: randomUUID(), key: g.key, displayName: g.displayName, family: g.family, version: g.version, notes: g.notes, isReal: g.isReal, createdAt: at, updatedAt: at };
          deps.repo.insertGenerator(existing);
          generatorsAdded++;
        }
        for (const r of g.references) {
          if (deps.repo.referenceBySha(existing.id, r.sha256)) {
            referencesSkipped++;
            continue;
          }
          const bytes = Buffer.from(r.imageBase64, 'base64');
          if (sha256(bytes) !== r.sha256) throw new CausalPrintError('INTEGRITY', `Reference "${r.originalName}" in ${file} does not match its SHA-256.`);
          const vaultPath = join('library', 'references', `${r.sha256}.${r.extension}`);
          const vault = join(deps.home, vaultPath);
          if (!existsSync(vault)) {
            mkdirSync(dirname(vault), { recursive: true });
            const temp = `${vault}.${randomUUID()}.part`;
            writeFileSync(temp, bytes, { flag: 'wx' });
            renameSync(temp, vault);
            placed.push(vault);
            chmodSync(vault, 0o444);
          }
          const id = randomUUID();
          deps.repo.insertReference({ id, generatorId: existing.id, sha256: r.sha256, originalName: r.originalName, vaultPath, sizeBytes: r.sizeBytes, width: r.width, height: r.height, format: r.format, provenance: r.provenance, contentId: r.contentId, enrolledAt: r.enrolledAt, enrolledBy: r.enrolledBy });
          for (const fp of r.fingerprints) {
            deps.repo.putFingerprint(id, fp.packId, fp.packVersion, Buffer.from(fp.dataBase64, 'base64'), deps.now());
            const key = `${fp.packId}\n${fp.packVersion}`;
            const count = fingerprintCounts.get(key) ?? { packId: fp.packId, packVersion: fp.packVersion, references: 0 };
            count.references++;
            fingerprintCounts.set(key, count);
          }
          referencesAdded++;
        }
      }
    }).immediate();
  } catch (error) {
    for (const path of placed) rmSync(path, { force: true });
    throw error;
  }
  return { contentHash, generatorsAdded, referencesAdded, referencesSkipped, fingerprints: [...fingerprintCounts.values()] };
}

function fingerprintsOf(db: Db, referenceId: string, mode: FingerprintExport): { packId: string; packVersion: string; dataBase64: string }[] {
  if (mode === 'none') return [];
  const rows = db
    .prepare('SELECT pack_id AS packId, pack_version AS packVersion, fingerprint FROM reference_fingerprints WHERE reference_id = ? ORDER BY pack_id, pack_version')
    .all(referenceId) as { packId: string; packVersion: string; fingerprint: Buffer }[];
  return rows.map((r) => ({ packId: r.packId, packVersion: r.packVersion, dataBase64: (mode === 'compact' ? compactFingerprint(r.fingerprint) : r.fingerprint).toString('base64') }));
}

/** A stored fingerprint without its per-patch vectors (a library fit never reads a reference's), in float16. */
export function compactFingerprint(blob: Uint8Array): Buffer {
  const fp = decodeFingerprint(blob);
  return encodeFingerprint({ spaces: fp.spaces, perPatch: [], ...(fp.variants ? { variants: fp.variants } : {}) }, { precision: 'float16' });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
