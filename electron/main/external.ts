import { shell } from 'electron';

/**
 * Opens a link in the analyst's browser, but only http(s): `file:`, `smb:`, custom app schemes
 * and the like could launch programs or leak credentials (Electron security checklist #15).
 * Returns whether the URL was opened.
 */
export async function safeOpenExternal(url: string): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  await shell.openExternal(parsed.toString());
  return true;
}
