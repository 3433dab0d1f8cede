/**
 * The methods a benchmark run compares: the baselines, and the causal-fingerprint method with
 * its ablations when electron/engine/fingerprint/index.ts provides createCausalMethod.
 */
import type { AttributionMethod } from '../attribution/method.js';
import { BASELINE_IDS, createBaseline, type BaselineId } from '../baselines/index.js';

interface FingerprintModule {
  openFingerprintEngine?: (opts: { packDir: string }) => Promise<unknown>;
  createCausalMethod?: (engine: unknown, opts?: Record<string, unknown>) => AttributionMethod;
  /** Optional: named option sets for ablations (e.g. each space alone, no decoupling). */
  CAUSAL_ABLATIONS?: Record<string, Record<string, unknown>>;
}

export interface RegistryResult {
  methods: AttributionMethod[];
  notes: string[];
  dispose: () => Promise<void>;
}

async function loadCausal(packDir: string, notes: string[]): Promise<{ methods: AttributionMethod[]; dispose: () => Promise<void> }> {
  // Computed specifier: the fingerprint engine is built in parallel and may not exist yet.
  const specifier = ['..', 'fingerprint', 'index.js'].join('/');
  let mod: FingerprintModule;
  try {
    mod = (await import(specifier)) as FingerprintModule;
  } catch (error) {
    notes.push(`causal method left out: electron/engine/fingerprint/index.ts not importable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return { methods: [], dispose: async () => {} };
  }
  if (!mod.openFingerprintEngine || !mod.createCausalMethod) {
    notes.push('causal method left out: fingerprint/index.ts has no openFingerprintEngine/createCausalMethod');
    return { methods: [], dispose: async () => {} };
  }
  const engine = await mod.openFingerprintEngine({ packDir });
  const methods = [mod.createCausalMethod(engine, {})];
  for (const [name, opts] of Object.entries(mod.CAUSAL_ABLATIONS ?? {})) {
    const m = mod.createCausalMethod(engine, opts);
    methods.push({ ...m, id: `${m.id === methods[0]!.id ? 'causal' : m.id}:${name}`, fit: m.fit.bind(m) });
  }
  if (!mod.CAUSAL_ABLATIONS) notes.push('causal ablations left out: fingerprint/index.ts exports no CAUSAL_ABLATIONS');
  const dispose = (engine as { dispose?: () => unknown }).dispose;
  return { methods, dispose: async () => { await dispose?.call(engine); } };
}

/** `wanted` = method ids (baseline ids, "causal" for ours and its ablations); empty = all. */
export async function buildMethods(wanted: readonly string[], packDir: string): Promise<RegistryResult> {
  const notes: string[] = [];
  const all = wanted.length === 0;
  const baselines = BASELINE_IDS.filter((id) => all || wanted.includes(id)).map((id: BaselineId) => createBaseline(id, { packDir }));
  let causal: { methods: AttributionMethod[]; dispose: () => Promise<void> } = { methods: [], dispose: async () => {} };
  if (all || wanted.some((w) => w.startsWith('causal'))) causal = await loadCausal(packDir, notes);
  const unknown = wanted.filter((w) => !(BASELINE_IDS as readonly string[]).includes(w) && !w.startsWith('causal'));
  if (unknown.length) notes.push(`unknown method ids ignored: ${unknown.join(', ')} (known: ${BASELINE_IDS.join(', ')}, causal)`);
  return { methods: [...causal.methods, ...baselines], notes, dispose: causal.dispose };
}
