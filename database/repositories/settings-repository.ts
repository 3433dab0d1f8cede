import type { Db } from '../open-database.js';

/** Key → JSON value store for workstation settings. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  /** Every stored value, parsed; keys never set are simply absent. */
  all(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value_json FROM settings').all() as { key: string; value_json: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
  }

  set(key: string, value: unknown, at: string): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), at);
  }
}
