import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import type { EvidenceRepository } from '../../database/repositories/evidence-repository.js';
import type { HomeLayout } from './home-layout.js';

/**
 * Files in a case's vault folder that no evidence row refers to. An import renames its file into
 * the vault as the last step before the database commit; a crash exactly between the two leaves
 * such a file. It is reported, never deleted: whether it matters is the examiner's call.
 */
export function findVaultOrphans(layout: HomeLayout, evidence: EvidenceRepository, caseId: string): string[] {
  const records = evidence.listByCase(caseId);
  const known = new Set(records.map((r) => basename(r.vaultPath)));
  let names: string[];
  try {
    names = readdirSync(layout.vaultDir(caseId));
  } catch {
    return [];
  }
  return names.filter((name) => !known.has(name)).sort();
}
