/**
 * Loads renderer modules in node tests. The renderer is compiled by Vite with the `@contract`
 * alias (tsconfig.web.json), which neither the node typecheck nor vitest's config knows; so test
 * files map `@contract/*` with vi.mock (see CONTRACT_MOCKS in each file) and import renderer modules
 * here by URL, typed by the small interfaces below (the node typecheck never follows them into
 * renderer code it cannot resolve).
 */
import type { Envelope, EventChannel, InvokeChannel, InvokeInput, InvokeOutput } from '../../electron/contract/contract.js';

const RENDERER = new URL('../../renderer/src/', import.meta.url).href;

export async function loadRenderer<T>(path: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${RENDERER}${path}`)) as T;
}

/** The browser globals the renderer's modules touch, enough for pure logic and Pinia stores in node. */
export function installFakeWindow(hash = ''): void {
  const fake = {
    location: { hash },
    addEventListener: () => undefined,
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
  };
  (globalThis as { window?: unknown }).window = fake;
}

export interface TransportLike {
  readonly kind: 'desktop' | 'server';
  invoke(channel: InvokeChannel, input: unknown): Promise<Envelope<unknown>>;
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  evidenceUrl(evidenceId: string, asset: 'thumbnail' | 'original'): string;
  uploadFile?(uploadId: string, index: number, upload: { file: unknown; name: string }): Promise<void>;
}

export interface ApiClientLike {
  readonly kind: 'desktop' | 'server';
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>>;
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  uploadFiles(files: readonly { file: unknown; name: string }[], onSent?: (sent: number) => void): Promise<string>;
}

export interface ClientModule {
  ApiClient: new (transport: TransportLike) => ApiClientLike;
  setApiTransport(transport: TransportLike): void;
  useApi(): ApiClientLike;
}

type Handler = (input: unknown) => unknown;

/**
 * A transport answering from a table of handlers: a handler's return value is sent as an ok
 * envelope (unvalidated: the client must validate it), a thrown CausalPrintError-like object as an
 * error envelope. Tests emit events with `emit` and read the calls made.
 */
export class FakeTransport implements TransportLike {
  readonly kind = 'server' as const;
  readonly calls: { channel: string; input: unknown }[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly uploaded: string[] = [];

  constructor(private readonly handlers: Partial<Record<InvokeChannel, Handler>> = {}) {}

  setHandler(channel: InvokeChannel, handler: Handler): void {
    this.handlers[channel] = handler;
  }

  async invoke(channel: InvokeChannel, input: unknown): Promise<Envelope<unknown>> {
    this.calls.push({ channel, input });
    const handler = this.handlers[channel];
    if (!handler) return { ok: false, error: { code: 'NOT_FOUND', message: `No fake handler for ${channel}` } };
    try {
      return { ok: true, value: await handler(input) };
    } catch (error) {
      const wire = error as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof wire.code === 'string' && typeof wire.message === 'string') {
        return { ok: false, error: { code: wire.code as never, message: wire.message, ...(wire.details === undefined ? {} : { details: wire.details }) } };
      }
      throw error;
    }
  }

  on(channel: EventChannel, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(channel: EventChannel, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(payload);
  }

  evidenceUrl(evidenceId: string, asset: 'thumbnail' | 'original'): string {
    return `/fake/${evidenceId}/${asset}`;
  }

  async uploadFile(_uploadId: string, _index: number, upload: { file: unknown; name: string }): Promise<void> {
    this.uploaded.push(upload.name);
  }
}

/** Lets pending promise callbacks run (several hops: transport → client → store). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
}
