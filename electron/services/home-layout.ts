import { join } from 'node:path';

/**
 * Where things live under the workstation home. Every path the services touch is built here
 * from ids the services generated, never from anything a client sent.
 */
export class HomeLayout {
  constructor(readonly home: string) {}

  get database(): string {
    return join(this.home, 'causalprint.db');
  }

  caseDir(caseId: string): string {
    return join(this.home, 'cases', caseId);
  }

  /** Temp files of imports in progress; same filesystem as the vault so the final rename is atomic. */
  incomingDir(caseId: string): string {
    return join(this.caseDir(caseId), '.incoming');
  }

  /** The case vault: where `vaultRelative` paths point. */
  vaultDir(caseId: string): string {
    return join(this.caseDir(caseId), 'evidence');
  }

  /** Relative (to home) path of a vault copy: `cases/<case>/evidence/<sha256>.<ext>`. */
  vaultRelative(caseId: string, sha256: string, ext: string): string {
    return join('cases', caseId, 'evidence', `${sha256}.${ext}`);
  }

  thumbnailRelative(caseId: string, sha256: string): string {
    return join('cases', caseId, 'thumbnails', `${sha256}.webp`);
  }

  absolute(relative: string): string {
    return join(this.home, relative);
  }

  stagingRoot(): string {
    return join(this.home, 'staging');
  }
}
