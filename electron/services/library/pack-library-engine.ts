import { CausalPrintError } from '../../contract/errors.js';
import type { LibraryEngine } from '../../engine/library/library-engine.js';

/** Opens the fingerprint engine over the default model pack, as a library engine. */
export async function openPackLibraryEngine(): Promise<LibraryEngine> {
  throw new CausalPrintError('UNSUPPORTED', 'The fingerprint engine is not available in this build.');
}
