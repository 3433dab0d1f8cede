import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../electron/contract/contract.js';
import { registerAllHandlers } from '../../electron/main/handlers/index.js';
import { FORBIDDEN_ENVELOPE, handle, sendToRenderers } from '../../electron/main/ipc.js';
import { trustWebContents } from '../../electron/main/trust.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { FakeBrowserWindow, FakeWebContents, ipcMain, resetElectronFakes } from '../helpers-frontdoor/electron-fakes.js';

beforeEach(() => resetElectronFakes());

/** One of our windows, showing our renderer. */
function ownWindow(): FakeBrowserWindow {
  const window = new FakeBrowserWindow({});
  trustWebContents(window.webContents as never);
  return window;
}

describe('IPC wrapper: payload validation', () => {
  it('gives a VALIDATION envelope for a payload that fails the schema, without calling the handler', async () => {
    const handler = vi.fn(() => ({ cancelled: true }));
    handle('jobs:cancel', handler);
    const { webContents } = ownWindow();
    for (const payload of [{ jobId: 'nope' }, { jobId: randomUUID(), extra: 1 }, 'junk', 42]) {
      const envelope = await ipcMain.invoke('jobs:cancel', webContents, payload);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a valid payload, parsed, to the handler and wraps the result', async () => {
    const handler = vi.fn((input: { jobId: string }) => ({ cancelled: input.jobId.length === 36 }));
    handle('jobs:cancel', handler);
    const jobId = randomUUID();
    const envelope = await ipcMain.invoke('jobs:cancel', ownWindow().webContents, { jobId });
    expect(handler).toHaveBeenCalledWith({ jobId });
    expect(envelope).toEqual({ ok: true, value: { cancelled: true } });
  });

  it('applies schema defaults before the handler runs', async () => {
    const handler = vi.fn(() => []);
    handle('audit:list', handler);
    const caseId = randomUUID();
    await ipcMain.invoke('audit:list', ownWindow().webContents, { caseId });
    expect(handler).toHaveBeenCalledWith({ caseId, limit: 500, offset: 0 });
  });

  it('turns a thrown handler error into an error envelope instead of an IPC rejection', async () => {
    handle('settings:get', () => {
      throw new Error('disk on fire');
    });
    const envelope = await ipcMain.invoke('settings:get', ownWindow().webContents, {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('disk on fire') } });
  });
});

describe('IPC wrapper: sender check', () => {
  it('refuses a webContents we did not create, even at our URL', async () => {
    const handler = vi.fn(() => []);
    handle('cases:list', handler);
    const stranger = new FakeWebContents('causalprint-app://renderer/index.html');
    expect(await ipcMain.invoke('cases:list', stranger, {})).toEqual(FORBIDDEN_ENVELOPE);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses our window once its frame shows a foreign URL', async () => {
    const handler = vi.fn(() => []);
    handle('cases:list', handler);
    const { webContents } = ownWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'causalprint-app://other-host/index.html', 'causalprint-evidence://evidence/x/original', 'not a url']) {
      const envelope = await ipcMain.invoke('cases:list', webContents, {}, { url, parent: null });
      expect(envelope, url).toEqual(FORBIDDEN_ENVELOPE);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a subframe and a missing frame', async () => {
    const handler = vi.fn(() => []);
    handle('cases:list', handler);
    const { webContents } = ownWindow();
    expect(await ipcMain.invoke('cases:list', webContents, {}, { url: 'causalprint-app://renderer/index.html', parent: {} })).toEqual(FORBIDDEN_ENVELOPE);
    expect(await ipcMain.invoke('cases:list', webContents, {}, null)).toEqual(FORBIDDEN_ENVELOPE);
    expect(handler).not.toHaveBeenCalled();
  });

  it('stops trusting a window once it is destroyed', async () => {
    const handler = vi.fn(() => []);
    handle('cases:list', handler);
    const { webContents } = ownWindow();
    webContents.destroy();
    expect(await ipcMain.invoke('cases:list', webContents, {})).toEqual(FORBIDDEN_ENVELOPE);
  });

  it('checks the sender before validating, so strangers learn nothing about the schema', async () => {
    handle('cases:get', vi.fn());
    const envelope = await ipcMain.invoke('cases:get', new FakeWebContents(), { caseId: 'junk' });
    expect(envelope).toEqual(FORBIDDEN_ENVELOPE);
  });
});

describe('handler registration', () => {
  it('registers every contract channel exactly once and routes each to its service handler', async () => {
    const ctx = createFakeAppContext();
    registerAllHandlers(ctx.handlers);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
    const envelope = await ipcMain.invoke('app:info', ownWindow().webContents, {});
    expect(envelope).toMatchObject({ ok: true, value: { name: 'CausalPrint' } });
    expect(ctx.calls).toEqual(['app:info']);
  });
});

describe('events to renderers', () => {
  const progress = () => ({ jobId: randomUUID(), caseId: randomUUID(), total: 2, done: 1, current: 'a.png' });

  it('sends events to our live windows only', () => {
    const ours = ownWindow();
    const closed = ownWindow();
    closed.webContents.destroy();
    const stranger = new FakeBrowserWindow({});
    const payload = progress();
    sendToRenderers('jobs:progress', payload);
    expect(ours.webContents.send).toHaveBeenCalledWith('jobs:progress', payload);
    expect(closed.webContents.send).not.toHaveBeenCalled();
    expect(stranger.webContents.send).not.toHaveBeenCalled();
  });

  it('drops an event whose payload breaks the event contract', () => {
    const ours = ownWindow();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    sendToRenderers('jobs:progress', { ...progress(), total: -1 });
    expect(ours.webContents.send).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
