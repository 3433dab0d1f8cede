import { ipcMain, webContents } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import {
  type ContractHandlers,
  type Envelope,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  eventContract,
  invokeChannels,
} from '../contract/contract.js';
import { dispatchInvoke } from '../contract/dispatch.js';
import { isTrustedSender, trustedWebContentsIds } from './trust.js';

const handled = new Set<InvokeChannel>();

/** What an untrusted sender gets back; the handler never runs. */
export const FORBIDDEN_ENVELOPE: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from a CausalPrint window and was refused.' },
};

/**
 * The one IPC wrapper. Registers `handler` for `channel`; every call is checked for a trusted
 * sender, then validated and run by `dispatchInvoke`, so a handler only ever sees a parsed
 * input and the renderer always gets an Envelope back (never a thrown IPC error).
 */
export function handle<C extends InvokeChannel>(channel: C, handler: ContractHandlers[C]): void {
  // dispatchInvoke looks up the channel in a handlers object; this one only has ours.
  const single = { [channel]: handler } as unknown as ContractHandlers;
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
    if (!isTrustedSender(event)) return FORBIDDEN_ENVELOPE;
    return dispatchInvoke(single, channel, payload);
  });
  handled.add(channel);
}

/** Throws at startup when a contract channel has no handler, so none is discovered by an analyst. */
export function assertAllChannelsHandled(): void {
  const missing = invokeChannels.filter((channel) => !handled.has(channel));
  if (missing.length > 0) throw new Error(`IPC channels without a handler: ${missing.join(', ')}`);
}

/**
 * Sends a main → renderer event to every window we own. Payloads are checked against the event
 * contract first: a malformed event is a bug in main, and the renderer must not receive it.
 */
export function sendToRenderers<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
  const parsed = eventContract[channel].safeParse(payload);
  if (!parsed.success) {
    console.error(`Dropped malformed "${channel}" event`, parsed.error.issues);
    return;
  }
  for (const id of trustedWebContentsIds()) {
    const contents = webContents.fromId(id);
    if (contents && !contents.isDestroyed()) contents.send(channel, parsed.data);
  }
}
