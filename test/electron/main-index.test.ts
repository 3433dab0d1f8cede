import { describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../electron/contract/contract.js';
import { createFakeAppContext } from '../helpers-frontdoor/fake-app-context.js';
import { FakeBrowserWindow, app, ipcMain, protocol, resetElectronFakes, session } from '../helpers-frontdoor/electron-fakes.js';

const fakeCtx = vi.hoisted(() => ({ current: undefined as unknown }));
vi.mock('../../electron/services/app-context.js', () => ({
  resolveHome: () => '/tmp/causalprint-test-home',
  createAppContext: vi.fn(async (options: unknown) => {
    (fakeCtx.current as { options?: unknown }).options = options;
    return fakeCtx.current;
  }),
}));

describe('Electron shell startup (electron/main/index.ts)', () => {
  it('registers schemes before ready, then wires context, handlers, protocols, events and the window', async () => {
    resetElectronFakes();
    const ctx = createFakeAppContext();
    fakeCtx.current = ctx;
    let ready!: () => void;
    app.whenReady = () => new Promise<void>((resolve) => (ready = resolve));

    await import('../../electron/main/index.js');
    expect(protocol.privileged).toHaveLength(2);
    expect(ipcMain.handlers.size).toBe(0);

    ready();
    await vi.waitFor(() => expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1));
    expect((ctx as unknown as { options: Record<string, unknown> }).options).toMatchObject({ mode: 'electron', home: '/tmp/causalprint-test-home', chooseImportPaths: expect.any(Function) });
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...invokeChannels].sort());
    expect([...protocol.handlers.keys()].sort()).toEqual(['causalprint-app', 'causalprint-evidence']);
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(ctx.subscriberCount()).toBe(1);

    // Events from the services reach our window.
    const window = FakeBrowserWindow.getAllWindows()[0]!;
    const payload = { jobId: crypto.randomUUID(), caseId: crypto.randomUUID(), total: 1, done: 1, current: null };
    ctx.emit('jobs:progress', payload);
    expect(window.webContents.send).toHaveBeenCalledWith('jobs:progress', payload);

    // Quitting closes the context first, exactly once.
    const close = vi.spyOn(ctx, 'close');
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    app.emit('before-quit', { preventDefault: vi.fn() });
    expect(close).toHaveBeenCalledTimes(1);
  });
});
