import { BrowserWindow, app } from 'electron';
import { createAppContext, resolveHome } from '../services/app-context.js';
import type { AppContext } from '../services/app-context-types.js';
import { registerAppProtocol } from './app-protocol.js';
import { chooseImportPaths } from './dialogs.js';
import { registerEvidenceProtocol } from './evidence-protocol.js';
import { registerAllHandlers } from './handlers/index.js';
import { sendToRenderers } from './ipc.js';
import { resolveBuildPath, useBundledResources } from './resources.js';
import { registerPrivilegedSchemes } from './schemes.js';
import { hardenDefaultSession } from './session-hardening.js';
import { createMainWindow } from './window.js';

// The Electron shell only wires things together; the work happens in services and the engine.
let ctx: AppContext | undefined;

registerPrivilegedSchemes();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  // Belt and braces for any webContents, including ones we did not create ourselves.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  // Before the context: the default library is imported at start from native-models/.
  useBundledResources();
  const context = await createAppContext({ home: resolveHome(), mode: 'electron', chooseImportPaths });
  ctx = context;
  hardenDefaultSession();
  registerAllHandlers(context.handlers);
  context.subscribe(sendToRenderers);
  registerAppProtocol(resolveBuildPath('renderer'));
  registerEvidenceProtocol(context);
  await createMainWindow();
}).catch((error: unknown) => {
  console.error('CausalPrint failed to start:', error);
  app.exit(1);
});

// One window, one process: closing it ends the session on every platform (no hidden macOS dock state).
app.on('window-all-closed', () => app.quit());
app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());

app.on('before-quit', (event) => {
  if (!ctx) return;
  // Close the database and cancel jobs before exiting, once.
  event.preventDefault();
  const closing = ctx;
  ctx = undefined;
  void closing.close().finally(() => app.quit());
});
