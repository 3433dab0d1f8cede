/**
 * The methods a benchmark run compares: the baselines, and the causal-fingerprint method with
 * its ablations (each default space alone, no decoupling, no processing interventions) when
 * electron/engine/fingerprint/index.ts provides openFingerprintEngine and createCausalMethod.
 */
import type { AttributionMethod } from '../attribution/method.js';
import { BASELINE_IDS, createBaseline, type BaselineId } from '../baselines/index.js';
import { memoiseFingerprints, type EngineLike, type FingerprintMemo } from './fingerprint-memo.js';

interface Engine extends EngineLike {
  spaceIds: string[];
  dispose(): Promise<void>;
}

interface FingerprintModule {
  openFingerprintEngine?: (opts: { packDir: string; spaces?: string[] }) => Promise<Engine>;
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
  end(methodId: string): Record<string, number> | undefined;
}

interface CausalSet {
  methods: AttributionMethod[];
  memos: Map<string, FingerprintMemo>;
  dispose: () => Promise<void>;
}

const NO_CAUSAL: CausalSet = { methods: [], memos: new Map(), dispose: async () => {} };

interface CausalVariant {
  id: string;
  spaces?: string[];
  options: Record<string, unknown>;
}

function causalVariants(defaultSpaces: readonly string[]): CausalVariant[] {
  return [
    { id: 'causal', options: {} },
    ...defaultSpaces.map((s) => ({ id: `causal:only-${s}`, spaces: [s], options: {} })),
    { id: 'causal:no-decoupling', options: { model: { projection: { decouple: false } } } },
    { id: 'causal:no-processing-interventions', options: { variants: [] } },
  ];
}

async function loadCausal(packDir: string, wanted: readonly string[], notes: string[]): Promise<CausalSet> {
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
  const engineFor = async (spaces?: string[]): Promise<{ engine: Engine; memo: FingerprintMemo }> => {
    const key = spaces?.join('+') ?? '';
    let entry = engines.get(key);
    if (!entry) {
      const engine = await openFingerprintEngine(spaces ? { packDir, spaces } : { packDir });
      engines.set(key, (entry = { engine, memo: memoiseFingerprints(engine) }));
    }
    return entry;
  };
  const methods: AttributionMethod[] = [];
  const all = wanted.length === 0 || wanted.includes('causal:all');
  for (const variant of causalVariants(mod.DEFAULT_SPACES ?? [])) {
    if (!all && !wanted.includes(variant.id)) continue;
    try {
      const { engine, memo } = await engineFor(variant.spaces);
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
 * "causal:no-decoupling", "causal:no-processing-interventions", "causal:all"; empty = everything.
 */
export async function buildMethods(wanted: readonly string[], packDir: string): Promise<RegistryResult> {
  const notes: string[] = [];
  const all = wanted.length === 0;
  const baselines = BASELINE_IDS.filter((id) => all || wanted.includes(id)).map((id: BaselineId) => createBaseline(id, { packDir }));
  let causal = NO_CAUSAL;
  if (all || wanted.some((w) => w.startsWith('causal'))) causal = await loadCausal(packDir, wanted, notes);
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
