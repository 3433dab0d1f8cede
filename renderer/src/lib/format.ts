import type { IntegrityStatus, RejectionCode } from '@contract/schemas';

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (decimal units, as file managers and the server's messages use). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** 12 000 000 → "12 000 000" (thin grouping that never reads as a decimal point). */
export function formatInteger(value: number): string {
  return value.toLocaleString('en-GB').replace(/,/g, '\u2009');
}

/** The first 12 hex characters, enough to tell items apart at a glance. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 12) : '—';
}

/** ISO timestamp → "2026-11-25 05:47:45 UTC": unambiguous and sortable, as a report would print it. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatDimensions(width: number, height: number): string {
  return `${width}×${height}`;
}

/** Human-readable reason for each rejection code of the intake. */
export const REJECTION_REASONS: Record<RejectionCode, string> = {
  EMPTY_FILE: 'Empty file: it contains no bytes',
  NOT_AN_IMAGE: 'Not an image: the content is not a recognised image format',
  UNSUPPORTED_FORMAT: 'Unsupported format: an image CausalPrint cannot decode',
  CORRUPT_IMAGE: 'Corrupt image: the file is truncated or damaged',
  TOO_MANY_PIXELS: 'Too many pixels: larger than the pixel limit in Settings',
  TOO_LARGE: 'Too large: bigger than the per-file size limit in Settings',
  UNREADABLE: 'Unreadable: the file could not be read',
  SYMLINK_LOOP: 'Link loop: a symbolic link pointing back into the import',
  NOT_A_FILE: 'Not a file: a device, socket or pipe, skipped',
};

export const INTEGRITY_LABELS: Record<IntegrityStatus, string> = {
  verified: 'verified',
  mismatch: 'mismatch',
  missing: 'missing',
  unverified: 'unverified',
};

export const INTEGRITY_DESCRIPTIONS: Record<IntegrityStatus, string> = {
  verified: 'The vault copy hashes to the SHA-256 recorded at intake.',
  mismatch: 'INTEGRITY FAILURE: the vault copy no longer hashes to the SHA-256 recorded at intake. The file has been altered since it was imported.',
  missing: 'INTEGRITY FAILURE: the vault copy of this item is missing.',
  unverified: 'Not re-verified since intake.',
};

/** Keys that tell a reader most about an entry, shown first. */
const LEADING_DETAIL_KEYS = ['name', 'originalName', 'number', 'title', 'code', 'reason', 'ok', 'entries'];

/** One line summarising an audit entry's details: the telling keys first, ids and hashes shortened, empty values left out. */
export function summariseDetails(details: Record<string, unknown>): string {
  const rank = (key: string): number => {
    const index = LEADING_DETAIL_KEYS.indexOf(key);
    return index === -1 ? LEADING_DETAIL_KEYS.length : index;
  };
  return Object.entries(details)
    .filter(([, value]) => value !== '' && value !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => `${key}: ${summariseValue(value)}`)
    .join(' · ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function summariseValue(value: unknown): string {
  if (typeof value === 'string') {
    if (/^[0-9a-f]{64}$/.test(value)) return `${value.slice(0, 12)}…`;
    if (UUID.test(value)) return `${value.slice(0, 8)}…`;
    return truncate(value, 80);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  return truncate(JSON.stringify(value), 80);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
