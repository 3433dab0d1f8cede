import type { PreloadApi } from '@contract/api-types';
import { splitChannel } from '@contract/api-types';
import type { Envelope, EventChannel, InvokeChannel } from '@contract/contract';
import type { EvidenceAsset, Transport } from './transport';

type LooseNamespaces = Record<string, Record<string, ((input: unknown) => Promise<Envelope<unknown>>) | undefined> | undefined>;

/** Talks to the Electron main process through `window.api` (the preload bridge). */
export function createIpcTransport(api: PreloadApi): Transport {
  const namespaces = api as unknown as LooseNamespaces;
  return {
    kind: 'desktop',
    invoke(channel: InvokeChannel, input: unknown) {
      const [domain, action] = splitChannel(channel);
      const method = namespaces[domain]?.[action];
      if (!method) throw new Error(`The desktop bridge has no method for ${channel}`);
      return method(input);
    },
    on(channel: EventChannel, listener: (payload: unknown) => void) {
      return api.on(channel, listener as never);
    },
    evidenceUrl(evidenceId: string, asset: EvidenceAsset) {
      // Matches electron/main/evidence-protocol.ts: <scheme>://evidence/<uuid>/<asset>.
      return `${api.evidenceProtocol}://evidence/${encodeURIComponent(evidenceId)}/${asset}`;
    },
  };
}
