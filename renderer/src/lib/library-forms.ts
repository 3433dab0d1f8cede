import { GeneratorFamilySchema, NewGeneratorSchema } from '@contract/library-schemas';

export const GENERATOR_FAMILIES = GeneratorFamilySchema.options;

export type GeneratorFamily = (typeof GENERATOR_FAMILIES)[number];

export interface NewGeneratorForm {
  key: string;
  displayName: string;
  family: GeneratorFamily;
  version: string;
  notes: string;
  isReal: boolean;
}

export type NewGeneratorField = keyof NewGeneratorForm;

export function emptyGeneratorForm(): NewGeneratorForm {
  return { key: '', displayName: '', family: 'gan', version: '', notes: '', isReal: false };
}

/** Field errors from the same schema the workstation enforces, so the messages match its answer. */
export function generatorFormErrors(form: NewGeneratorForm): Partial<Record<NewGeneratorField, string>> {
  const parsed = NewGeneratorSchema.safeParse(form);
  const errors: Partial<Record<NewGeneratorField, string>> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as NewGeneratorField;
    errors[field] ??= issue.code === 'too_big' && field === 'displayName' ? 'Display name: at most 120 characters.' : (FIELD_MESSAGES[field] ?? issue.message);
  }
  return errors;
}

/** Messages for the fields whose schema has no sentence of its own. */
const FIELD_MESSAGES: Partial<Record<NewGeneratorField, string>> = {
  version: 'Version: at most 60 characters.',
  notes: 'Notes: at most 5000 characters.',
};

/** A camera family means real photographs unless the analyst says otherwise. */
export function defaultIsReal(family: GeneratorFamily): boolean {
  return family === 'camera';
}

/** Background strength of a confusion cell: its share of the row, 0–1 (0 for an empty row). */
export function confusionCellShade(count: number, rowTotal: number): number {
  if (rowTotal <= 0 || count <= 0) return 0;
  return Math.min(1, count / rowTotal);
}
