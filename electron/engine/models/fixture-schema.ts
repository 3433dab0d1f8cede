import { z } from 'zod';
import { tensorSignatureSchema } from './network-entry-schema.js';

/**
 * `<id>.fixture.json`, recorded at export time by the Python/Node helpers: a deterministic input
 * pattern, and for each output its shape, statistics and sampled values at fixed offsets.
 */
export const fixtureInputSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().positive()).min(1),
  dtype: z.literal('float32'),
  /** The pattern's 8-bit value is divided by this (1 for 0..255 models, 255 for 0..1, 127.5 for -1..1). */
  div: z.number().positive().optional(),
  /** Added after the division (-1 for the -1..1 models). */
  offset: z.number().optional(),
  /** The value rule in words; the only source of truth for fixtures without div/offset fields. */
  pattern: z.string().min(1),
});
export type FixtureInput = z.infer<typeof fixtureInputSchema>;

/** A further input held constant (e.g. the diffusion timestep `t`). */
export const fixtureConstantInputSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().positive()),
  dtype: z.literal('float32'),
  values: z.array(z.number()).min(1),
});
export type FixtureConstantInput = z.infer<typeof fixtureConstantInputSchema>;

export const fixtureSliceSchema = z.object({ start: z.number().int().nonnegative(), values: z.array(z.number()).min(1) });

export const fixtureOutputSchema = z.looseObject({
  name: z.string().min(1),
  fixtureShape: z.array(z.number().int().nonnegative()).min(1),
  stats: z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() }),
  slices: z.array(fixtureSliceSchema).min(1),
});
export type FixtureOutput = z.infer<typeof fixtureOutputSchema>;

export const fixtureSchema = z.looseObject({
  id: z.string().min(1),
  file: z.string().min(1),
  input: fixtureInputSchema,
  extraInputs: z.array(fixtureConstantInputSchema).optional(),
  inputs: z.array(tensorSignatureSchema).optional(),
  outputs: z.array(fixtureOutputSchema).min(1),
  tolerance: z.looseObject({ maxAbsDiffRelativeToOutputRange: z.number().positive() }),
  recordedWith: z.string().optional(),
});
export type Fixture = z.infer<typeof fixtureSchema>;
