import type { Evidence, IntegrityStatus, MetadataSummary } from '../../electron/contract/schemas.js';
import type { Db } from '../open-database.js';

/** An evidence row as the services see it: the contract shape plus where its files live. */
export interface EvidenceRecord extends Evidence {
  metadata: MetadataSummary;
  /** Relative to the workstation home. */
  vaultPath: string;
  /** Relative to the workstation home. */
  thumbnailPath: string;
}

interface EvidenceRow {
  id: string;
  case_id: string;
  original_name: string;
  source_path: string;
  sha256: string;
  size_bytes: number;
  format: string;
  mime_type: string;
  width: number;
  height: number;
  bit_depth: number;
  channels: number;
  colour_space: string;
  has_alpha: number;
  pages: number;
  has_exif: number;
  has_xmp: number;
  has_iptc: number;
  has_icc: number;
  c2pa_present: number;
  metadata_json: string;
  vault_path: string;
  thumbnail_path: string;
  imported_at: string;
  imported_by: string;
  last_verified_at: string | null;
  last_verified_sha256: string | null;
  integrity: IntegrityStatus;
}

function toRecord(r: EvidenceRow): EvidenceRecord {
  return {
    id: r.id,
    caseId: r.case_id,
    originalName: r.original_name,
    sourcePath: r.source_path,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    format: r.format,
    mimeType: r.mime_type,
    width: r.width,
    height: r.height,
    bitDepth: r.bit_depth,
    channels: r.channels,
    colourSpace: r.colour_space,
    hasAlpha: r.has_alpha === 1,
    pages: r.pages,
    hasExif: r.has_exif === 1,
    hasXmp: r.has_xmp === 1,
    hasIptc: r.has_iptc === 1,
    hasIcc: r.has_icc === 1,
    c2paPresent: r.c2pa_present === 1,
    metadata: JSON.parse(r.metadata_json) as MetadataSummary,
    vaultPath: r.vault_path,
    thumbnailPath: r.thumbnail_path,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    lastVerifiedAt: r.last_verified_at,
    lastVerifiedSha256: r.last_verified_sha256,
    integrity: r.integrity,
  };
}

/** Typed access to the `evidence` table. */
export class EvidenceRepository {
  constructor(private readonly db: Db) {}

  insert(e: EvidenceRecord): void {
    this.db
      .prepare(
        `INSERT INTO evidence (id, case_id, original_name, source_path, sha256, size_bytes, format, mime_type, width, height,
           bit_depth, channels, colour_space, has_alpha, pages, has_exif, has_xmp, has_iptc, has_icc, c2pa_present,
           metadata_json, vault_path, thumbnail_path, imported_at, imported_by, last_verified_at, last_verified_sha256, integrity)
         VALUES (@id, @caseId, @originalName, @sourcePath, @sha256, @sizeBytes, @format, @mimeType, @width, @height,
           @bitDepth, @channels, @colourSpace, @hasAlpha, @pages, @hasExif, @hasXmp, @hasIptc, @hasIcc, @c2paPresent,
           @metadataJson, @vaultPath, @thumbnailPath, @importedAt, @importedBy, @lastVerifiedAt, @lastVerifiedSha256, @integrity)`,
      )
      .run({
        ...e,
        hasAlpha: Number(e.hasAlpha),
        hasExif: Number(e.hasExif),
        hasXmp: Number(e.hasXmp),
        hasIptc: Number(e.hasIptc),
        hasIcc: Number(e.hasIcc),
        c2paPresent: Number(e.c2paPresent),
        metadataJson: JSON.stringify(e.metadata),
        metadata: undefined,
      });
  }

  get(id: string): EvidenceRecord | null {
    const row = this.db.prepare('SELECT * FROM evidence WHERE id = ?').get(id) as EvidenceRow | undefined;
    return row ? toRecord(row) : null;
  }

  findBySha256(caseId: string, sha256: string): EvidenceRecord | null {
    const row = this.db.prepare('SELECT * FROM evidence WHERE case_id = ? AND sha256 = ?').get(caseId, sha256) as
      | EvidenceRow
      | undefined;
    return row ? toRecord(row) : null;
  }

  /** Import order. */
  listByCase(caseId: string): EvidenceRecord[] {
    const rows = this.db.prepare('SELECT * FROM evidence WHERE case_id = ? ORDER BY imported_at, rowid').all(caseId) as EvidenceRow[];
    return rows.map(toRecord);
  }

  recordVerification(id: string, at: string, sha256: string | null, integrity: IntegrityStatus): void {
    this.db
      .prepare('UPDATE evidence SET last_verified_at = ?, last_verified_sha256 = ?, integrity = ? WHERE id = ?')
      .run(at, sha256, integrity, id);
  }
}
