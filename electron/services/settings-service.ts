import { userInfo } from 'node:os';
import { CausalPrintError } from '../contract/errors.js';
import { SettingsSchema, type Settings } from '../contract/schemas.js';
import type { SettingsRepository } from '../../database/repositories/settings-repository.js';

/** 100 megapixels: far above any camera or generator output, far below a decompression bomb. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** 2 GB per file. */
export const DEFAULT_MAX_FILE_BYTES = 2_000_000_000;

/** The examiner name used until the analyst sets one: the OS account name. */
export function defaultExaminerName(): string {
  try {
    const name = userInfo().username.trim();
    return name.length > 0 ? name.slice(0, 120) : 'examiner';
  } catch {
    // Some containers have no passwd entry for the current uid; a placeholder is still a valid actor.
    return 'examiner';
  }
}

/** Settings with code defaults under stored overrides; every value is validated on the way in and out. */
export class SettingsService {
  private cache: Settings | null = null;

  constructor(
    private readonly repo: SettingsRepository,
    private readonly now: () => string,
  ) {}

  get(): Settings {
    if (this.cache) return this.cache;
    const defaults: Settings = {
      examinerName: defaultExaminerName(),
      maxPixels: DEFAULT_MAX_PIXELS,
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    };
    const merged = SettingsSchema.safeParse({ ...defaults, ...this.repo.all() });
    if (!merged.success) {
      throw new CausalPrintError('INTEGRITY', 'Stored settings are invalid; fix or delete them in the settings table.', {
        issues: merged.error.issues.map((i) => i.message),
      });
    }
    this.cache = merged.data;
    return merged.data;
  }

  update(changes: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...changes });
    const at = this.now();
    for (const key of Object.keys(changes) as (keyof Settings)[]) {
      if (changes[key] !== undefined) this.repo.set(key, next[key], at);
    }
    this.cache = next;
    return next;
  }
}
