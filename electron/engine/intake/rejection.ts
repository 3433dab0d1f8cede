import type { RejectionCode } from '../../contract/schemas.js';

/**
 * Why one file cannot become evidence. Thrown by the intake steps and turned into a per-file
 * `rejected` result by the import service; the batch goes on with the next file.
 */
export class IntakeRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'IntakeRejection';
  }
}

/** Formats a byte count for people ("2.0 GB", "512 KB"). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
