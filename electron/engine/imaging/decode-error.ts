import { CausalPrintError, type ErrorCode } from '../../contract/errors.js';

/** Why an image cannot be analysed; stable words for tests and for the analyst's message. */
export type DecodeFailure = 'NOT_AN_IMAGE' | 'CORRUPT' | 'TOO_LARGE' | 'TOO_SMALL' | 'UNSUPPORTED_LAYOUT';

const CODE_OF: Record<DecodeFailure, ErrorCode> = {
  NOT_AN_IMAGE: 'UNSUPPORTED',
  CORRUPT: 'VALIDATION',
  TOO_LARGE: 'VALIDATION',
  TOO_SMALL: 'VALIDATION',
  UNSUPPORTED_LAYOUT: 'UNSUPPORTED',
};

/** A typed refusal to analyse an image: `reason` says which rule it broke. */
export class ImageDecodeError extends CausalPrintError {
  readonly reason: DecodeFailure;

  constructor(reason: DecodeFailure, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(CODE_OF[reason], message, { reason, ...details }, options);
    this.name = 'ImageDecodeError';
    this.reason = reason;
  }
}
