import { beforeEach, describe, expect, it } from 'vitest';
import { createMainWindow } from '../../electron/main/window.js';
import { isTrustedSender } from '../../electron/main/trust.js';
import { safeOpenExternal } from '../../electron/main/external.js';
import { resetElectronFakes, shell } from '../helpers-frontdoor/electron-fakes.js';
import type { FakeBrowserWindow } from '../helpers-frontdoor/electron-fakes.js';

beforeEach(() => resetElectronFakes());

async function makeWindow(): Promise<FakeBrowserWindow> {
  return (await createMainWindow()) as unknown as FakeBrowserWindow;
}

function fire(window: FakeBrowserWindow, event: string, url?: string): boolean {
  let prevented = false;
  window.webContents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('main window', () => {
  it('applies the security baseline to webPreferences and uses the preload', async () => {
    const window = await makeWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/out[/\\]preload[/\\]index\.cjs$/);
  });

  it('loads the renderer from the app protocol, never file://', async () => {
    const window = await makeWindow();
    expect(window.loadedUrl).toBe('causalprint-app://renderer/index.html');
  });

  it('trusts its own webContents as an IPC sender', async () => {
    const window = await makeWindow();
    expect(isTrustedSender({ sender: window.webContents, senderFrame: window.webContents.mainFrame } as never)).toBe(true);
  });

  it('denies navigation and redirects away from the renderer, and webviews', async () => {
    const window = await makeWindow();
    expect(fire(window, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(window, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire(window, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire(window, 'will-attach-webview')).toBe(true);
    expect(fire(window, 'will-navigate', 'causalprint-app://renderer/index.html#/cases')).toBe(false);
  });

  it('denies every new window and hands only http(s) links to the browser', async () => {
    const window = await makeWindow();
    const open = window.webContents.windowOpenHandler!;
    expect(open({ url: 'https://example.org/paper' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.org/paper');
  });
});

describe('safeOpenExternal', () => {
  it('opens http and https only', async () => {
    expect(await safeOpenExternal('https://example.org/')).toBe(true);
    expect(await safeOpenExternal('http://example.org/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'causalprint-app://renderer/', 'ms-settings:', 'not a url', '']) {
      expect(await safeOpenExternal(url), url).toBe(false);
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
  });
});
