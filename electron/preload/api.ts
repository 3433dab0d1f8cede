import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { type PreloadApi, splitChannel } from '../contract/api-types.js';
import { type EventChannel, eventChannels, invokeChannels } from '../contract/contract.js';

/** The slice of ipcRenderer the bridge uses (kept narrow so tests can hand in a fake). */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Builds `window.api` from the contract's channel lists, so a new channel appears here without
 * anyone editing the preload and nothing outside the contract can be invoked. There is no
 * generic `invoke(channel)`, and the Electron event object never reaches the page.
 */
export function buildPreloadApi(ipc: BridgeIpc): PreloadApi {
  const namespaces: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of invokeChannels) {
    const [domain, action] = splitChannel(channel);
    (namespaces[domain] ??= {})[action] = (input?: unknown) => ipc.invoke(channel, input ?? {});
  }
  for (const methods of Object.values(namespaces)) Object.freeze(methods);

  const allowedEvents = new Set<string>(eventChannels);
  const on = (channel: EventChannel, listener: (payload: never) => void): (() => void) => {
    if (!allowedEvents.has(channel)) throw new Error(`Unknown event channel "${String(channel)}"`);
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };

  return Object.freeze({ ...namespaces, on, evidenceProtocol: 'causalprint-evidence' }) as unknown as PreloadApi;
}
