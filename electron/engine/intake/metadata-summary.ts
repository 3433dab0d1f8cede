import exifr from 'exifr';
import type { Metadata } from 'sharp';
import type { MetadataSummary } from '../../contract/schemas.js';

/** Fields picked from each block, in display order: label → candidate tag names. */
const EXIF_FIELDS: Record<string, string[]> = {
  Make: ['Make'],
  Model: ['Model'],
  'Date/time original': ['DateTimeOriginal', 'CreateDate', 'ModifyDate'],
  Software: ['Software'],
  Lens: ['LensModel', 'LensMake'],
  Orientation: ['Orientation'],
  'Exposure time': ['ExposureTime'],
  'F-number': ['FNumber'],
  ISO: ['ISO'],
  'Focal length': ['FocalLength'],
  Artist: ['Artist'],
  Copyright: ['Copyright'],
};
const XMP_FIELDS: Record<string, string[]> = {
  'Creator tool': ['CreatorTool'],
  Creator: ['creator'],
  'Create date': ['CreateDate'],
  'Modify date': ['ModifyDate'],
  'Document ID': ['DocumentID'],
  'Instance ID': ['InstanceID'],
  Description: ['description'],
  'Digital source type': ['DigitalSourceType'],
};
const IPTC_FIELDS: Record<string, string[]> = {
  Byline: ['Byline'],
  Caption: ['Caption'],
  Headline: ['Headline'],
  Credit: ['Credit'],
  Source: ['Source'],
  'Copyright notice': ['CopyrightNotice'],
  Keywords: ['Keywords'],
};
const ICC_FIELDS: Record<string, string[]> = {
  Description: ['ProfileDescription'],
  'Colour space': ['ColorSpaceData'],
  Class: ['ProfileClass'],
  Version: ['ProfileVersion'],
  Creator: ['ProfileCreator'],
};

/**
 * Builds the human-readable metadata summary: a few meaningful EXIF/XMP/IPTC/ICC fields as
 * strings, plus container facts from sharp. Metadata is evidence about the file, not about its
 * truth: it is shown as found. A parse failure is recorded in the summary, not hidden.
 */
export async function summariseMetadata(path: string, meta: Partial<Metadata>, extra: Record<string, string>): Promise<MetadataSummary> {
  const container: Record<string, string> = { ...extra };
  let parsed: Record<string, Record<string, unknown> | undefined> = {};
  try {
    parsed =
      ((await exifr.parse(path, {
        tiff: true,
        exif: true,
        gps: true,
        xmp: true,
        icc: true,
        iptc: true,
        ifd1: false,
        mergeOutput: false,
        translateValues: true,
        reviveValues: true,
      } as never)) as typeof parsed | undefined) ?? {};
  } catch (error) {
    container['Metadata parser'] = `could not read metadata: ${(error as Error).message}`;
  }

  const exif = pick({ ...parsed.ifd0, ...parsed.exif }, EXIF_FIELDS);
  if (meta.exif) exif['GPS present'] = parsed.gps && Object.keys(parsed.gps).length > 0 ? 'yes' : 'no';
  if (meta.orientation !== undefined && !exif.Orientation) exif.Orientation = String(meta.orientation);

  if (meta.density) container.Density = `${meta.density} dpi`;
  if (meta.chromaSubsampling) container['Chroma subsampling'] = meta.chromaSubsampling;
  container.Progressive = meta.isProgressive ? 'yes' : 'no';
  container.Palette = meta.isPalette ? 'yes' : 'no';
  if (meta.compression) container.Compression = meta.compression;
  if (meta.loop !== undefined) container.Loop = String(meta.loop);

  return {
    exif,
    xmp: pick(parsed.xmp, XMP_FIELDS),
    iptc: pick(parsed.iptc, IPTC_FIELDS),
    icc: pick(parsed.icc, ICC_FIELDS),
    container,
  };
}

function pick(block: Record<string, unknown> | undefined, fields: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!block) return out;
  for (const [label, tags] of Object.entries(fields)) {
    for (const tag of tags) {
      const text = stringify(block[tag]);
      if (text) {
        out[label] = text;
        break;
      }
    }
  }
  return out;
}

function stringify(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return null; // binary blobs (thumbnails, maker notes) are not summaries
  if (Array.isArray(value)) return value.map((v) => stringify(v) ?? '').filter(Boolean).join(', ') || null;
  if (typeof value === 'object') {
    // XMP language alternatives arrive as { lang, value } or nested objects.
    const v = (value as { value?: unknown }).value;
    return v !== undefined ? stringify(v) : JSON.stringify(value).slice(0, 500);
  }
  const text = String(value).trim();
  return text.length > 0 ? text.slice(0, 500) : null;
}
