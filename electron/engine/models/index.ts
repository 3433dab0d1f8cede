/** Public API of the model layer: packs, manifests, ONNX models and their fixtures. */
export { resolveResourcePath, type ResourcePathOptions } from './resource-path.js';
export { loadPack, type LoadedPack } from './load-pack.js';
export { OnnxModel, type Float32TensorData, type OnnxModelOptions } from './onnx-model.js';
export { fixtureFeeds, fixtureInputTensor, fixtureU8, fixtureValueRule } from './fixture-input.js';
export { compareWithFixture, tensorStats, type FixtureComparison, type OutputComparison } from './fixture-compare.js';
export { checkNetworkFixture } from './check-fixture.js';
export type { ModelManifest, ManifestFile, PackHeader } from './model-manifest-schema.js';
export type { NetworkEntry, NetworkRole, TensorSignature } from './network-entry-schema.js';
export type { Fixture } from './fixture-schema.js';
