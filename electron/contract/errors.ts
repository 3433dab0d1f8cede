/**
 * Typed, serialisable errors. Every failure that can reach an analyst carries a stable
 * `code` (for tests and translations) and a human sentence (`message`) that says what
 * happened and, where possible, what to do. Nothing else about an error crosses IPC/HTTP.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNSUPPORTED',
  'INTEGRITY',
  'CANCELLED',
  'IO',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The wire shape of an error, identical over Electron IPC and the local server. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** An error meant for the user: its message is shown as is. */
export class CausalPrintError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CausalPrintError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into the wire shape, keeping unexpected errors generic but present. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof CausalPrintError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected internal error: ${message}` };
}

/** Rebuilds a CausalPrintError on the receiving side of IPC/HTTP. */
export function deserializeError(wire: SerializedError): CausalPrintError {
  return new CausalPrintError(wire.code, wire.message, wire.details);
}

export function isSerializedError(value: unknown): value is SerializedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SerializedError).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as SerializedError).code) &&
    typeof (value as SerializedError).message === 'string'
  );
}
