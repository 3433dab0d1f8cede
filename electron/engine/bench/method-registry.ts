/**
 * The methods a benchmark run compares: the baselines, and the causal-fingerprint method with
 * its ablations (each default space alone, no decoupling, no processing interventions) when
 * electron/engine/fingerprint/index.ts provides openFingerprintEngine and createCausalMethod.
 */
import type { AttributionMethod } from '../attribution/method.js';
import { BASELINE_IDS, createBaseline, type BaselineId } from '../baselines/index.js';

interface Engine {
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
  dispose: () => Promise<void>;
}

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

async function loadCausal(packDir: string, wanted: readonly string[], notes: string[]): Promise<{ methods: AttributionMethod[]; dispose: () => Promise<void> }> {
  // Computed specifier: the fingerprint engine is built in parallel and may not exist yet.
  const specifier = ['..', 'fingerprint', 'index.js'].join('/');
  let mod: FingerprintModule;
  try {
    mod = (await import(specifier)) as FingerprintModule;
  } catch (error) {
    notes.push(`causal method left out: electron/engine/fingerprint/index.ts not importable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return { methods: [], dispose: async () => {} };
  }
  const { openFingerprintEngine, createCausalMethod } = mod;
  if (!openFingerprintEngine || !createCausalMethod) {
    notes.push('causal method left out: fingerprint/index.ts has no openFingerprintEngine/createCausalMethod');
    return { methods: [], dispose: async () => {} };
  }
  const engines = new Map<string, Engine>();
  const engineFor = async (spaces?: string[]): Promise<Engine> => {
    const key = spaces?.join('+') ?? '';
    let engine = engines.get(key);
    if (!engine) engines.set(key, (engine = await openFingerprintEngine(spaces ? { packDir, spaces } : { packDir })));
    return engine;
  };
  const methods: AttributionMethod[] = [];
  const all = wanted.length === 0 || wanted.includes('causal:all');
  for (const variant of causalVariants(mod.DEFAULT_SPACES ?? [])) {
    if (!all && !wanted.includes(variant.id)) continue;
    try {
      const m = createCausalMethod(await engineFor(variant.spaces), variant.options);
      methods.push({ id: variant.id, label: variant.id === 'causal' ? m.label : `${m.label} [ablation ${variant.id}]`, fit: m.fit.bind(m) });
    } catch (error) {
      notes.push(`${variant.id} left out: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { methods, dispose: async () => { for (const e of engines.values()) await e.dispose(); } };
}

/**
 * `wanted` = method ids: baseline ids, "causal" (ours), "causal:only-<space>",
 * "causal:no-decoupling", "causal:no-processing-interventions", "causal:all"; empty = everything.
 */
export async function buildMethods(wanted: readonly string[], packDir: string): Promise<RegistryResult> {
  const notes: string[] = [];
  const all = wanted.length === 0;
  const baselines = BASELINE_IDS.filter((id) => all || wanted.includes(id)).map((id: BaselineId) => createBaseline(id, { packDir }));
  let causal: { methods: AttributionMethod[]; dispose: () => Promise<void> } = { methods: [], dispose: async () => {} };
  if (all || wanted.some((w) => w.startsWith('causal'))) causal = await loadCausal(packDir, wanted, notes);
  const unknown = wanted.filter((w) => !(BASELINE_IDS as readonly string[]).includes(w) && !w.startsWith('causal'));
  if (unknown.length) notes.push(`unknown method ids ignored: ${unknown.join(', ')} (known: ${BASELINE_IDS.join(', ')}, causal, causal:…)`);
  return { methods: [...causal.methods, ...baselines], notes, dispose: causal.dispose };
}
