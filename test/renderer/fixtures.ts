/** Valid contract objects for the renderer tests. */
export const CASE_ID = '11111111-1111-4111-8111-111111111111';
export const JOB_ID = '22222222-2222-4222-8222-222222222222';
export const EVIDENCE_ID = '33333333-3333-4333-8333-333333333333';
export const UPLOAD_ID = '44444444-4444-4444-8444-444444444444';
export const RESULT_ID = '55555555-5555-4555-8555-555555555555';
export const GENERATOR_ID = '66666666-6666-4666-8666-666666666666';

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);
export const HASH_C = 'c'.repeat(64);

export function job(overrides: Record<string, unknown> = {}) {
  return {
    id: JOB_ID,
    kind: 'evidence-import',
    caseId: CASE_ID,
    status: 'completed',
    total: 2,
    done: 2,
    current: null,
    summary: {
      imported: 1,
      duplicates: 0,
      rejected: 1,
      results: [
        { name: 'a.png', status: 'imported', evidenceId: EVIDENCE_ID, sha256: HASH_A },
        { name: 'b.txt', status: 'rejected', reasonCode: 'NOT_AN_IMAGE', reason: 'not an image' },
      ],
    },
    error: null,
    ...overrides,
  };
}

export function attribution(overrides: Record<string, unknown> = {}) {
  return {
    id: RESULT_ID,
    evidenceId: EVIDENCE_ID,
    evidenceSha256: HASH_A,
    packId: 'causalprint-base-v1',
    packVersion: '1.0.0',
    libraryHash: HASH_B,
    modelHash: HASH_C,
    resultHash: 'd'.repeat(64),
    createdAt: '2026-11-25T06:00:00.000Z',
    createdBy: 'Examiner',
    ranked: [
      { generatorKey: 'stylegan2', score: -0.8, probability: 0.9 },
      { generatorKey: 'cyclegan', score: -1.4, probability: 0.08 },
      { generatorKey: 'real', score: -2.1, probability: 0.02 },
    ],
    unknown: false,
    unknownScore: 0.8,
    perSpace: {
      fourier: { stylegan2: -0.3, cyclegan: -0.9, real: -1.0 },
      cooccurrence: { stylegan2: -0.5, cyclegan: -0.5, real: -1.1 },
      denoiser: { stylegan2: -0.2, cyclegan: -0.1, real: -0.4 },
    },
    perSpaceKind: 'distance',
    perPatch: [],
    ...overrides,
  };
}

export function generator(overrides: Record<string, unknown> = {}) {
  return {
    id: GENERATOR_ID,
    key: 'stylegan2',
    displayName: 'StyleGAN2',
    family: 'gan',
    version: '',
    notes: '',
    isReal: false,
    references: 6,
    createdAt: '2026-11-25T06:00:00.000Z',
    updatedAt: '2026-11-25T06:00:00.000Z',
    ...overrides,
  };
}
