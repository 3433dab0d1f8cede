// In-memory stand-ins for the parts of `electron` the shell and preload use. There is no
// Electron binary on CI machines; these fakes record what the shell asked Electron to do.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type InvokeListener = (event: unknown, ...args: unknown[]) => unknown;

let nextId = 1;

/** A webContents: an emitter with an id, `send` spy and a main frame at `url`. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly send = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  readonly mainFrame: { url: string; parent: null };
  constructor(url = 'causalprint-app://renderer/index.html') {
    super();
    this.mainFrame = { url, parent: null };
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

const allContents = new Map<number, FakeWebContents>();
const windows: FakeBrowserWindow[] = [];

/** A BrowserWindow that remembers its options and the URL it loaded. */
export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    allContents.set(this.webContents.id, this.webContents);
    windows.push(this);
  }
  static getAllWindows = (): FakeBrowserWindow[] => [...windows];
  static getFocusedWindow = (): FakeBrowserWindow | null => null;
  static fromWebContents = (contents: FakeWebContents): FakeBrowserWindow | null => windows.find((w) => w.webContents === contents) ?? null;
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show = vi.fn();
  focus = vi.fn();
}

/** ipcMain.handle registry; `invoke()` plays the renderer side. */
export const ipcMain = {
  handlers: new Map<string, InvokeListener>(),
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  async invoke(channel: string, sender: FakeWebContents, payload: unknown, frame: { url: string; parent: unknown } | null = sender.mainFrame): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener({ sender, senderFrame: frame }, payload);
  },
};

/** ipcRenderer with spies; `emit()` plays a main → renderer event. */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (_channel: string, _input: unknown) => ({ ok: true, value: null })),
});

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed[key] = api;
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged = schemes;
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  },
};

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getAppPath: () => process.cwd(),
  getPath: (_name: string) => process.cwd(),
  getVersion: () => '0.0.0-test',
  whenReady: () => new Promise<void>(() => undefined),
  requestSingleInstanceLock: () => true,
  quit: vi.fn(),
  exit: vi.fn(),
});

export const webContents = {
  fromId: (id: number): FakeWebContents | undefined => allContents.get(id),
};

export const dialog = { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })) };
export const shell = { openExternal: vi.fn(async () => undefined) };
export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  },
};

/** The module object `vi.mock('electron')` returns. */
export const fakeElectron = { app, BrowserWindow: FakeBrowserWindow, contextBridge, dialog, ipcMain, ipcRenderer, protocol, session, shell, webContents };

/** Forgets registrations between tests. */
export function resetElectronFakes(): void {
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockClear();
  contextBridge.exposed = {};
  protocol.handlers.clear();
  protocol.privileged = [];
  windows.length = 0;
  allContents.clear();
  shell.openExternal.mockClear();
  dialog.showOpenDialog.mockClear();
}
