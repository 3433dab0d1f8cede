import type {
  Envelope,
  EventChannel,
  EventPayload,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
} from './contract.js';

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type ActionOf<C extends string, D extends string> = C extends `${D}:${infer A}` ? A : never;

/** `window.api` as exposed by the preload: `api.cases.list(input)` for channel `cases:list`. */
export type NamespacedApi = {
  [D in DomainOf<InvokeChannel>]: {
    [A in ActionOf<InvokeChannel, D>]: `${D}:${A}` extends infer C extends InvokeChannel
      ? (input: InvokeInput<C>) => Promise<Envelope<InvokeOutput<C>>>
      : never;
  };
};

/** The whole bridge: namespaced invokes, event subscription and the evidence pixel URL scheme. */
export interface PreloadApi extends Readonly<NamespacedApi> {
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Custom protocol that serves evidence pixels by id (never file://). */
  readonly evidenceProtocol: 'causalprint-evidence';
}

/** Splits a channel name into its namespace and action, e.g. `cases:list` → ['cases', 'list']. */
export function splitChannel(channel: InvokeChannel): [string, string] {
  const [domain, action] = channel.split(':') as [string, string];
  return [domain, action];
}

/**
 * HTTP wire protocol of the local server (server mode). Kept here so the server and the
 * renderer client cannot disagree.
 */
export const httpRoutes = {
  /** POST JSON input, answers a JSON Envelope. */
  invoke: (channel: InvokeChannel) => `/api/invoke/${channel}`,
  /** GET text/event-stream; each message is `event: <channel>` + `data: <json payload>`. */
  events: '/api/events',
  /** PUT raw bytes of file `index` of an upload area; header `x-file-name` = encodeURIComponent(relative name). */
  upload: (uploadId: string, index: number) => `/api/uploads/${uploadId}/${index}`,
  /** GET evidence pixels by id. */
  evidence: (evidenceId: string, asset: 'thumbnail' | 'original') => `/evidence/${evidenceId}/${asset}`,
  /** Query parameter carrying the per-run token on the first page load; the server answers with a cookie. */
  tokenQuery: 'token',
  tokenCookie: 'causalprint_token',
  fileNameHeader: 'x-file-name',
} as const;
