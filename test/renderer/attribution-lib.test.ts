import { beforeAll, describe, expect, it, vi } from 'vitest';
import { attribution } from './fixtures.js';
import { loadRenderer } from './renderer-modules.js';

vi.mock('@contract/contract', () => import('../../electron/contract/contract.js'));
vi.mock('@contract/errors', () => import('../../electron/contract/errors.js'));
vi.mock('@contract/api-types', () => import('../../electron/contract/api-types.js'));
vi.mock('@contract/schemas', () => import('../../electron/contract/schemas.js'));
vi.mock('@contract/library-schemas', () => import('../../electron/contract/library-schemas.js'));

type Result = ReturnType<typeof attribution>;
interface AttributionModule {
  attributionOutcome(result: Pick<Result, 'unknown' | 'ranked'>): string;
  formatProbability(p: number): string;
  probabilityBarWidth(p: number): number;
  formatScore(value: number): string;
  contributionHint(kind: Result['perSpaceKind']): string;
  contributionTable(result: Pick<Result, 'ranked' | 'perSpace'>, limit?: number): { generators: string[]; rows: { space: string; scores: number[]; best: string | null }[] };
}
interface FormsModule {
  GENERATOR_FAMILIES: readonly string[];
  emptyGeneratorForm(): Record<string, unknown>;
  generatorFormErrors(form: Record<string, unknown>): Record<string, string>;
  defaultIsReal(family: string): boolean;
  confusionCellShade(count: number, rowTotal: number): number;
}

let a: AttributionModule;
let forms: FormsModule;
beforeAll(async () => {
  a = await loadRenderer<AttributionModule>('lib/attribution.ts');
  forms = await loadRenderer<FormsModule>('lib/library-forms.ts');
});

describe('attribution display logic', () => {
  it('names the top generator, or "unknown" for an open-set refusal or an empty ranking', () => {
    expect(a.attributionOutcome(attribution())).toBe('stylegan2');
    expect(a.attributionOutcome(attribution({ unknown: true }))).toBe('unknown');
    expect(a.attributionOutcome({ unknown: false, ranked: [] })).toBe('unknown');
  });

  it('formats probabilities and clamps bar widths', () => {
    expect(a.formatProbability(0.8734)).toBe('87.3 %');
    expect(a.formatProbability(1)).toBe('100.0 %');
    expect(a.formatProbability(0)).toBe('0.0 %');
    expect(a.formatProbability(0.00002)).toBe('< 0.1 %');
    expect(a.formatProbability(Number.NaN)).toBe('—');
    expect(a.probabilityBarWidth(0.5)).toBe(50);
    expect(a.probabilityBarWidth(1.2)).toBe(100);
    expect(a.probabilityBarWidth(-0.1)).toBe(0);
  });

  it('formats scores with four significant digits and a true minus sign', () => {
    expect(a.formatScore(-0.0123456)).toBe('−0.01235');
    expect(a.formatScore(1.39871)).toBe('1.399');
    expect(a.formatScore(0)).toBe('0');
    expect(a.formatScore(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('builds the per-space table for the top generators and names the generator each space favours', () => {
    const table = a.contributionTable(attribution(), 2);
    expect(table.generators).toEqual(['stylegan2', 'cyclegan']);
    expect(table.rows.map((row) => row.space)).toEqual(['cooccurrence', 'denoiser', 'fourier']);
    const denoiser = table.rows.find((row) => row.space === 'denoiser')!;
    expect(denoiser.scores).toEqual([-0.2, -0.1]);
    expect(denoiser.best).toBe('cyclegan');
    expect(table.rows.find((row) => row.space === 'fourier')!.best).toBe('stylegan2');
  });

  it("explains the per-space numbers in the units of the result's ranking rule", () => {
    expect(a.contributionHint('distance')).toMatch(/share of the score \(−distance; closer to 0/);
    expect(a.contributionHint('logit')).toMatch(/share of the ranking head's logit, relative to the average generator/);
    expect(a.contributionHint('score')).toMatch(/logit blended with the cluster distance\), relative to the average generator/);
    expect(new Set(['distance', 'logit', 'score'].map((k) => a.contributionHint(k as 'distance'))).size).toBe(3);
  });

  it('marks a generator missing from a space as NaN rather than inventing a score', () => {
    const table = a.contributionTable(attribution({ perSpace: { fourier: { stylegan2: -0.3 } } }));
    expect(table.rows[0]!.scores[0]).toBe(-0.3);
    expect(Number.isNaN(table.rows[0]!.scores[1])).toBe(true);
  });
});

describe('new generator form', () => {
  it('accepts a valid entry', () => {
    expect(forms.generatorFormErrors({ ...forms.emptyGeneratorForm(), key: 'stylegan2-ffhq', displayName: 'StyleGAN2' })).toEqual({});
  });

  it('uses the contract schema messages for key and display name', () => {
    const errors = forms.generatorFormErrors({ ...forms.emptyGeneratorForm(), key: 'Bad Key', displayName: '   ' });
    expect(errors.key).toBe('Key: lower-case letters, digits, . _ - (at most 80), starting with a letter or digit');
    expect(errors.displayName).toBe('Display name is required');
    expect(forms.generatorFormErrors({ ...forms.emptyGeneratorForm(), key: '-x', displayName: 'x' }).key).toBeDefined();
    expect(forms.generatorFormErrors({ ...forms.emptyGeneratorForm(), key: 'x'.repeat(81), displayName: 'x' }).key).toBeDefined();
  });

  it('says the limits of the long fields in words', () => {
    const errors = forms.generatorFormErrors({ ...forms.emptyGeneratorForm(), key: 'k', displayName: 'x'.repeat(121), version: 'v'.repeat(61), notes: 'n'.repeat(5001) });
    expect(errors).toEqual({ displayName: 'Display name: at most 120 characters.', version: 'Version: at most 60 characters.', notes: 'Notes: at most 5000 characters.' });
  });

  it('offers every family of the contract, camera meaning real photographs', () => {
    expect(forms.GENERATOR_FAMILIES).toEqual(['gan', 'diffusion', 'autoencoder', 'vae', 'super-resolution', 'camera', 'other']);
    expect(forms.defaultIsReal('camera')).toBe(true);
    expect(forms.defaultIsReal('gan')).toBe(false);
  });

  it('shades confusion cells by their share of the row', () => {
    expect(forms.confusionCellShade(3, 6)).toBe(0.5);
    expect(forms.confusionCellShade(0, 6)).toBe(0);
    expect(forms.confusionCellShade(2, 0)).toBe(0);
  });
});
