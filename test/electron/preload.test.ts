import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../electron/contract/api-types.js';
import { eventChannels, invokeChannels } from '../../electron/contract/contract.js';
import { contextBridge, ipcRenderer } from '../helpers-frontdoor/electron-fakes.js';

let api: Record<string, unknown>;
beforeAll(async () => {
  await import('../../electron/preload/index.js');
  api = contextBridge.exposed.api as Record<string, unknown>;
});

describe('preload bridge', () => {
  it('exposes exactly one global, window.api', () => {
    expect(Object.keys(contextBridge.exposed)).toEqual(['api']);
  });

  it('has exactly the contract namespaces plus on() and the evidence scheme — no generic invoke', () => {
    const domains = [...new Set(invokeChannels.map((c) => c.split(':')[0]))];
    expect(Object.keys(api).sort()).toEqual([...domains, 'on', 'evidenceProtocol'].sort());
    for (const forbidden of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process']) expect(api).not.toHaveProperty(forbidden);
    expect(api.evidenceProtocol).toBe('causalprint-evidence');
  });

  it('has one method per contract channel, each invoking exactly that channel', async () => {
    for (const channel of invokeChannels) {
      const [domain, action] = channel.split(':') as [string, string];
      const method = (api[domain] as Record<string, (input: unknown) => Promise<unknown>>)[action];
      expect(typeof method, channel).toBe('function');
      ipcRenderer.invoke.mockClear();
      await method!({ probe: channel });
      expect(ipcRenderer.invoke).toHaveBeenCalledWith(channel, { probe: channel });
    }
    const methodCount = Object.entries(api).filter(([k]) => k !== 'on' && k !== 'evidenceProtocol').reduce((n, [, ns]) => n + Object.keys(ns as object).length, 0);
    expect(methodCount).toBe(invokeChannels.length);
  });

  it('returns the envelope from the main process unchanged', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } } as never);
    await expect((api as unknown as PreloadApi).cases.get({ caseId: randomUUID() })).resolves.toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
  });

  it('cannot be modified by the page', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.cases)).toBe(true);
  });

  it('subscribes to contract events only, hides the IPC event object and unsubscribes', () => {
    const typed = api as unknown as PreloadApi;
    const listener = vi.fn();
    const off = typed.on('jobs:progress', listener);
    ipcRenderer.emit('jobs:progress', { sender: 'secret-ipc-event' }, { done: 1 });
    expect(listener).toHaveBeenCalledWith({ done: 1 });
    expect(listener.mock.calls[0]).toHaveLength(1);
    off();
    ipcRenderer.emit('jobs:progress', {}, { done: 2 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(ipcRenderer.listenerCount('jobs:progress')).toBe(0);
    expect(eventChannels).toContain('jobs:finished');
    expect(() => typed.on('cases:list' as never, listener)).toThrow(/Unknown event channel/);
  });
});
