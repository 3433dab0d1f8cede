import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The first network of the given role, described in a JSON-array fragment of the pack, whose file exists. */
export function findNetwork(packDir: string, role: string): { id: string; path: string; outputDim: number } | null {
  for (const name of readdirSync(packDir).filter((n) => n.endsWith('.json')).sort()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(packDir, name), 'utf8'));
    } catch {
      continue;
    }
    if (!Array.isArray(parsed)) continue;
    for (const entry of parsed as { id?: string; file?: string; role?: string; outputs?: { shape?: unknown[] }[] }[]) {
      if (entry?.role !== role || !entry.file || !existsSync(join(packDir, entry.file))) continue;
      const width = entry.outputs?.[0]?.shape?.[1];
      return { id: entry.id ?? entry.file, path: join(packDir, entry.file), outputDim: typeof width === 'number' ? width : 0 };
    }
  }
  return null;
}
