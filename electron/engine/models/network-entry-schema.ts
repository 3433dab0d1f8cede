import { z } from 'zod';

/**
 * One network as described by a training/conversion helper in a fragment (`converted.json`,
 * `trained-*.json`): a JSON array of these entries beside the `.onnx` files. Unknown fields are
 * kept (loose objects) so the manifest carries everything the helpers recorded.
 */
export const NETWORK_ROLES = ['zoo-generator', 'reconstructor', 'sl-encoder', 'ssl-encoder'] as const;
export type NetworkRole = (typeof NETWORK_ROLES)[number];

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');

/** A file name inside the pack directory: no folders, no way out of the directory. */
export const packFileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a plain file name inside the directory');

const dimensionSchema = z.union([z.number().int().nonnegative(), z.string().min(1)]);

export const tensorSignatureSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(dimensionSchema).min(1),
  dtype: z.string().min(1),
});
export type TensorSignature = z.infer<typeof tensorSignatureSchema>;

export const networkEntrySchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  file: packFileNameSchema.refine((name) => name.endsWith('.onnx'), 'an .onnx file'),
  role: z.enum(NETWORK_ROLES),
  family: z.string().min(1),
  architecture: z.string().min(1),
  sha256: sha256HexSchema,
  bytes: z.number().int().positive(),
  parameters: z.number().int().nonnegative(),
  inputs: z.array(tensorSignatureSchema).min(1),
  outputs: z.array(tensorSignatureSchema).min(1),
  valueRange: z.unknown().optional(),
  normalisation: z.unknown().optional(),
  /** How the zoo renders a photo with this generator (zoo-generator only). */
  render: z.union([z.string().min(1), z.looseObject({})]).optional(),
  provenance: z.unknown(),
  licence: z.string().min(1),
  /** Fixture file name; defaults to `<id>.fixture.json`. */
  fixture: packFileNameSchema.optional(),
  training: z.looseObject({}).optional(),
});
export type NetworkEntry = z.infer<typeof networkEntrySchema>;

export const fragmentSchema = z
  .array(networkEntrySchema)
  .min(1)
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      if (entry.role === 'zoo-generator' && entry.render === undefined) {
        ctx.addIssue({ code: 'custom', path: [index, 'render'], message: `${entry.id}: a zoo generator needs a render description` });
      }
    });
  });
export type Fragment = z.infer<typeof fragmentSchema>;

/** The fixture file of an entry: the recorded name or the `<id>.fixture.json` convention. */
export function fixtureFileOf(entry: Pick<NetworkEntry, 'id' | 'fixture'>): string {
  return entry.fixture ?? `${entry.id}.fixture.json`;
}
