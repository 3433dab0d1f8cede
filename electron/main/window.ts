import { BrowserWindow } from 'electron';
import { safeOpenExternal } from './external.js';
import { resolveBuildPath } from './resources.js';
import { isAppUrl, rendererEntryUrl, trustWebContents } from './trust.js';

/**
 * Creates the main window with Electron's security checklist applied: isolated, sandboxed
 * renderer without Node, web security on, the preload as the only bridge, and no way to
 * navigate away, open windows or attach webviews.
 */
export async function createMainWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'CausalPrint',
    backgroundColor: '#15171a',
    webPreferences: {
      preload: resolveBuildPath('preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  trustWebContents(window.webContents);
  lockDownNavigation(window);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererEntryUrl());
  return window;
}

/** Denies every navigation, redirect, popup and webview that does not stay on our renderer. */
export function lockDownNavigation(window: BrowserWindow): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web (documentation, a model's paper) open in the browser, never in-app.
    void safeOpenExternal(url);
    return { action: 'deny' };
  });
}
