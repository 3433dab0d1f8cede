/**
 * The methods a benchmark run compares: the baselines, and the causal-fingerprint method with
 * its ablations (each default space alone, no decoupling, no processing interventions) when
 * electron/engine/fingerprint/index.ts provides openFingerprintEngine and createCausalMethod.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AttributionMethod } from '../attribution/method.js';
import { BASELINE_IDS, createBaseline, type BaselineId } from '../baselines/index.js';
import { memoiseFingerprints, type EngineLike, type FingerprintMemo, type StageMedians } from './fingerprint-memo.js';

interface Engine extends EngineLike {
  packId: string;
  packVersion: string;
  residualSource: string;
  spaceIds: string[];
  dispose(): Promise<void>;
}

/** Where the engine's X̂ comes from (FingerprintEngineOptions.residual); undefined = the engine's default. */
export type ResidualChoice = 'auto' | 'denoiser' | 'reconstructor';

interface EngineOptions {
  packDir: string;
  spaces?: string[];
  residual?: ResidualChoice;
}

interface FingerprintModule {
  openFingerprintEngine?: (opts: EngineOptions) => Promise<Engine>;
  createCausalMethod?: (engine: Engine, opts?: Record<string, unknown>) => AttributionMethod;
  DEFAULT_SPACES?: string[];
}

export interface RegistryResult {
  methods: AttributionMethod[];
  notes: string[];
  /** Latency hooks: bypass the fingerprint memo while timing, report per-stage medians. */
  timing: TimingHooks;
  dispose: () => Promise<void>;
}

export interface TimingHooks {
  begin(methodId: string): void;
  end(methodId: string): StageMedians | undefined;
}

interface CausalSet {
  methods: AttributionMethod[];
  memos: Map<string, FingerprintMemo>;
  dispose: () => Promise<void>;
}

const NO_CAUSAL: CausalSet = { methods: [], memos: new Map(), dispose: async () => {} };

export interface CausalVariant {
  id: string;
  spaces?: string[];
  residual?: ResidualChoice;
  options: Record<string, unknown>;
  /** Run only when named in --methods (expensive or outside the default recipe). */
  optIn?: boolean;
}

/** Spaces the engine knows besides its defaults (measured only on request). */
const EXTRA_SPACES = ['ssl', 'sl-difference'];

/**
 * Ours and its ablations. A space-alone ablation fits the library model on that space of the
 * full engine's fingerprints (spaces are computed independently from the same patches and
 * residual, so this equals an engine with that space only, without fingerprinting again); its
 * latency is therefore the full engine's.
 */
export function causalVariants(defaultSpaces: readonly string[]): CausalVariant[] {
  const extra = EXTRA_SPACES.filter((s) => !defaultSpaces.includes(s));
  return [
    { id: 'causal', options: {} },
    ...defaultSpaces.map((s) => ({ id: `causal:only-${s}`, options: { model: { spaces: [s] } } })),
    { id: 'causal:no-decoupling', options: { model: { projection: { decouple: false } } } },
    { id: 'causal:no-content-directions', options: { model: { projection: { contentDirections: 0 } } } },
    { id: 'causal:decouple-processing', options: { model: { projection: { decoupleProcessing: true } } } },
    // The default ranks with the blend of the logistic head and the nearest cluster on label-balanced
    // projections when the generators have enough references (head "auto"), else with the nearest
    // cluster on sample-weighted ones. The two rules alone (the head: default of 2026-12-04 with
    // many references; the nearest cluster: default of 2026-12-03), and one change at a time:
    { id: 'causal:logistic-head', options: { model: { head: 'logistic' } } },
    { id: 'causal:nearest-cluster', options: { model: { head: 'nearest-cluster', projection: { balance: 'sample' } } } },
    { id: 'causal:nearest-cluster-balanced', options: { model: { head: 'nearest-cluster' } }, optIn: true },
    { id: 'causal:sample-weighted', options: { model: { projection: { balance: 'sample' } } }, optIn: true },
    { id: 'causal:logistic-per-generator', options: { model: { head: 'logistic-per-generator' } }, optIn: true },
    { id: 'causal:always-blend', options: { model: { head: 'blend' } }, optIn: true },
    { id: 'causal:no-processing-interventions', options: { variants: [] } },
    ...extra.map((s) => ({ id: `causal:only-${s}`, spaces: [...defaultSpaces, s], options: { model: { spaces: [s] } }, optIn: true })),
    ...extra.map((s) => ({ id: `causal:plus-${s}`, spaces: [...defaultSpaces, s], options: {}, optIn: true })),
    { id: 'causal:reconstructor-residual', residual: 'reconstructor', options: {}, optIn: true },
    { id: 'causal:denoiser-residual', residual: 'denoiser', options: {}, optIn: true },
  ];
}

async function loadCausal(packDir: string, wanted: readonly string[], notes: string[], residual: ResidualChoice | undefined, cacheRoot: string | undefined): Promise<CausalSet> {
  // Computed specifier: the fingerprint engine is built in parallel and may not exist yet.
  const specifier = ['..', 'fingerprint', 'index.js'].join('/');
  let mod: FingerprintModule;
  try {
    mod = (await import(specifier)) as FingerprintModule;
  } catch (error) {
    notes.push(`causal method left out: electron/engine/fingerprint/index.ts not importable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return NO_CAUSAL;
  }
  const { openFingerprintEngine, createCausalMethod } = mod;
  if (!openFingerprintEngine || !createCausalMethod) {
    notes.push('causal method left out: fingerprint/index.ts has no openFingerprintEngine/createCausalMethod');
    return NO_CAUSAL;
  }
  const engines = new Map<string, { engine: Engine; memo: FingerprintMemo }>();
  const memos = new Map<string, FingerprintMemo>();
  const engineFor = async (spaces: string[] | undefined, variantResidual: ResidualChoice | undefined): Promise<{ engine: Engine; memo: FingerprintMemo }> => {
    const chosen = variantResidual ?? residual;
    const key = `${spaces?.join('+') ?? ''}|${chosen ?? ''}`;
    let entry = engines.get(key);
    if (!entry) {
      const engine = await openFingerprintEngine({ packDir, ...(spaces ? { spaces } : {}), ...(chosen ? { residual: chosen } : {}) });
      const identity = createHash('sha1').update(`${cacheRoot ?? ''}|${engine.packId}|${engine.packVersion}|${engine.spaceIds.join('+')}|${engine.residualSource}`).digest('hex').slice(0, 16);
      engines.set(key, (entry = { engine, memo: memoiseFingerprints(engine, cacheRoot ? join(cacheRoot, identity) : undefined) }));
    }
    return entry;
  };
  const methods: AttributionMethod[] = [];
  const all = wanted.length === 0 || wanted.includes('causal:all');
  for (const variant of causalVariants(mod.DEFAULT_SPACES ?? [])) {
    if (variant.optIn ? !wanted.includes(variant.id) : !all && !wanted.includes(variant.id)) continue;
    try {
      const { engine, memo } = await engineFor(variant.spaces, variant.residual);
      const m = createCausalMethod(engine, variant.options);
      memos.set(variant.id, memo);
      methods.push({ id: variant.id, label: variant.id === 'causal' ? m.label : `${m.label} [ablation ${variant.id}]`, fit: m.fit.bind(m) });
    } catch (error) {
      notes.push(`${variant.id} left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { methods, memos, dispose: async () => { for (const e of engines.values()) await e.engine.dispose(); } };
}

/**
 * `wanted` = method ids: baseline ids, "causal" (ours), "causal:only-<space>",
 * "causal:no-decoupling", "causal:no-content-directions" (only the ratio-tested nuisance removed),
 * "causal:decouple-processing" (processing shifts in the ratio-tested nuisance too, the earlier
 * recipe), "causal:no-processing-interventions", "causal:all"; empty = everything.
 * Opt-in variants (named only): "causal:only-ssl", "causal:plus-ssl", "causal:only-sl-difference",
 * "causal:plus-sl-difference", "causal:reconstructor-residual", "causal:denoiser-residual".
 * `residual` picks X̂ for every causal variant that does not fix its own (default: the engine's).
 * `fingerprintCache`: a folder (already specific to the engine code) where fingerprints persist
 * between benchmark processes.
 */
export async function buildMethods(wanted: readonly string[], packDir: string, residual?: ResidualChoice, fingerprintCache?: string): Promise<RegistryResult> {
  const notes: string[] = [];
  const all = wanted.length === 0;
  const baselines = BASELINE_IDS.filter((id) => all || wanted.includes(id)).map((id: BaselineId) => createBaseline(id, { packDir }));
  let causal = NO_CAUSAL;
  if (all || wanted.some((w) => w.startsWith('causal'))) causal = await loadCausal(packDir, wanted, notes, residual, fingerprintCache);
  const unknown = wanted.filter((w) => !(BASELINE_IDS as readonly string[]).includes(w) && !w.startsWith('causal'));
  if (unknown.length) notes.push(`unknown method ids ignored: ${unknown.join(', ')} (known: ${BASELINE_IDS.join(', ')}, causal, causal:…)`);
  const timing: TimingHooks = {
    begin: (id) => causal.memos.get(id)?.setTiming(true),
    end: (id) => {
      const memo = causal.memos.get(id);
      if (!memo) return undefined;
      memo.setTiming(false);
      return memo.takeStageMedians();
    },
  };
  return { methods: [...causal.methods, ...baselines], notes, timing, dispose: causal.dispose };
}
