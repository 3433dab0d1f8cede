/** Public API of the fingerprint engine (MODELS.md, "Engine TypeScript interfaces"). */
export { openFingerprintEngine, DEFAULT_SPACES, DEFAULT_MAX_PATCHES } from './engine.js';
export type { FingerprintEngine, FingerprintEngineOptions, SpaceId } from './engine.js';
export type { Fingerprint, FingerprintVectors, LibraryReference, Attribution, PatchBox } from './fingerprint-types.js';
export { fitLibraryModel, attribute, embedFingerprint, hashModel, DEFAULT_PROJECTION } from './library-model.js';
export type { LibraryModel, LibraryModelOptions, SpaceModel } from './library-model.js';
export { createCausalMethod } from './causal-method.js';
export type { CausalMethodOptions, CausalAttributor } from './causal-method.js';
export { applyProcessing, DEFAULT_VARIANTS } from './processing-variants.js';
export type { ProcessingVariant } from './processing-variants.js';
