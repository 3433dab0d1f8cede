import { app } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './schemes.js';

/** Renderer origin in production: the app scheme (never file://). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** ids of the webContents of windows this process created; nothing else may call the API. */
const ownWebContents = new Set<number>();

/**
 * The Vite dev server URL electron-vite sets during `electron-vite dev`; ignored once packaged,
 * so an environment variable can never point a shipped app at another origin.
 */
export function devRendererUrl(): string | undefined {
  return !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : undefined;
}

/** The URL the main window loads. */
export function rendererEntryUrl(): string {
  return devRendererUrl() ?? `${APP_ORIGIN}/index.html`;
}

/**
 * True when `url` belongs to our renderer: same scheme, host and port as the entry URL.
 * Compared field by field because Node's URL gives custom schemes (and file:) the opaque
 * origin "null", which would make every such URL look alike.
 */
export function isAppUrl(url: string): boolean {
  try {
    const candidate = new URL(url);
    const entry = new URL(rendererEntryUrl());
    return candidate.protocol === entry.protocol && candidate.host === entry.host && candidate.host !== '';
  } catch {
    return false;
  }
}

/** Records a webContents we created; forgotten automatically when it is destroyed. */
export function trustWebContents(contents: WebContents): void {
  const id = contents.id;
  ownWebContents.add(id);
  contents.once('destroyed', () => ownWebContents.delete(id));
}

/** The webContents ids that may receive events. */
export function trustedWebContentsIds(): ReadonlySet<number> {
  return ownWebContents;
}

/**
 * An IPC sender is trusted when it is the top frame of one of our windows and is currently
 * showing our renderer. A frame that navigated elsewhere, an iframe, or a webContents we did
 * not create (devtools extension, a stray webview) is refused.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (!ownWebContents.has(event.sender.id)) return false;
  return isAppUrl(frame.url);
}
