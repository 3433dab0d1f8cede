// Direct access to the server's evidence vault on disk, to simulate tampering.
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The vault copy `<home>/cases/<caseId>/evidence/<sha256>.<ext>` of one item. */
export function vaultFileOf(home, caseId, sha256) {
  const dir = join(home, 'cases', caseId, 'evidence');
  const name = readdirSync(dir).find((n) => n.startsWith(`${sha256}.`));
  if (!name) throw new Error(`no vault file for ${sha256} in ${dir} (has: ${readdirSync(dir).join(', ')})`);
  return join(dir, name);
}

/** Whether nobody may write the file (the vault stores copies read-only). */
export function isReadOnly(path) {
  return (statSync(path).mode & 0o222) === 0;
}

/** Flips one byte near the end of a read-only vault file, then makes it read-only again. */
export function tamperWith(path) {
  const bytes = readFileSync(path);
  const at = bytes.length - 8;
  bytes[at] ^= 0xff;
  chmodSync(path, 0o644);
  writeFileSync(path, bytes);
  chmodSync(path, 0o444);
  return bytes;
}
