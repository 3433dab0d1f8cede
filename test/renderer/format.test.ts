import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadRenderer } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));

interface FormatModule {
  formatBytes(bytes: number): string;
  formatInteger(value: number): string;
  shortHash(hash: string | null | undefined): string;
  formatTimestamp(iso: string | null | undefined): string;
  formatDimensions(width: number, height: number): string;
  summariseDetails(details: Record<string, unknown>): string;
  REJECTION_REASONS: Record<string, string>;
}

let f: FormatModule;
beforeAll(async () => {
  f = await loadRenderer<FormatModule>('lib/format.ts');
});

describe('lib/format', () => {
  it('formats byte counts in decimal units', () => {
    expect(f.formatBytes(0)).toBe('0 B');
    expect(f.formatBytes(999)).toBe('999 B');
    expect(f.formatBytes(1536)).toBe('1.54 KB');
    expect(f.formatBytes(12_345_678)).toBe('12.3 MB');
    expect(f.formatBytes(250_000_000_000)).toBe('250 GB');
    expect(f.formatBytes(-1)).toBe('—');
    expect(f.formatBytes(Number.NaN)).toBe('—');
  });

  it('groups integers with thin spaces, never commas', () => {
    expect(f.formatInteger(12_000_000)).toBe('12\u2009000\u2009000');
    expect(f.formatInteger(999)).toBe('999');
  });

  it('shortens hashes to 12 characters and shows a dash for none', () => {
    expect(f.shortHash('0123456789abcdef'.repeat(4))).toBe('0123456789ab');
    expect(f.shortHash(null)).toBe('—');
    expect(f.shortHash('')).toBe('—');
  });

  it('prints timestamps as sortable UTC and keeps unparseable input', () => {
    expect(f.formatTimestamp('2026-11-25T05:47:45.123Z')).toBe('2026-11-25 05:47:45 UTC');
    expect(f.formatTimestamp('2026-11-25T07:47:45+02:00')).toBe('2026-11-25 05:47:45 UTC');
    expect(f.formatTimestamp('not a date')).toBe('not a date');
    expect(f.formatTimestamp(undefined)).toBe('—');
  });

  it('formats dimensions with a multiplication sign', () => {
    expect(f.formatDimensions(640, 480)).toBe('640×480');
  });

  it('summarises audit details: telling keys first, hashes and ids shortened, empty values dropped', () => {
    const line = f.summariseDetails({
      sha256: 'f'.repeat(64),
      evidenceId: '33333333-3333-4333-8333-333333333333',
      name: 'photo.jpg',
      empty: '',
      list: [1, 2],
      ok: true,
    });
    expect(line).toBe(`name: photo.jpg · ok: true · sha256: ${'f'.repeat(12)}… · evidenceId: 33333333… · list: [2 items]`);
    expect(f.summariseDetails({ note: 'x'.repeat(100) })).toBe(`note: ${'x'.repeat(79)}…`);
  });

  it('has a sentence for the not-an-image rejection that the e2e suite checks', () => {
    expect(f.REJECTION_REASONS.NOT_AN_IMAGE).toBe('Not an image: the content is not a recognised image format');
  });
});
