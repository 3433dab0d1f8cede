import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface PackInfo {
  packId: string;
  packVersion: string;
  patchSize: number;
  notes: string[];
}

/** Reads id, version and patch size from the pack's manifest.json (or pack.json before assembly). */
export function readPackInfo(packDir: string): PackInfo {
  for (const name of ['manifest.json', 'pack.json']) {
    const path = join(packDir, name);
    if (!existsSync(path)) continue;
    const json = JSON.parse(readFileSync(path, 'utf8')) as { id?: string; version?: string; patchSize?: number };
    return {
      packId: json.id ?? basename(packDir),
      packVersion: json.version ?? '0',
      patchSize: json.patchSize ?? 64,
      notes: json.patchSize ? [] : [`${name} states no patchSize: 64 used.`],
    };
  }
  return { packId: basename(packDir), packVersion: 'unassembled', patchSize: 64, notes: ['The pack has no manifest.json or pack.json yet: id from the folder name, patch size 64.'] };
}
