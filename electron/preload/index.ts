import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api.js';

export type { PreloadApi } from '../contract/api-types.js';

// The only bridge between the sandboxed renderer and the main process: `window.api`.
contextBridge.exposeInMainWorld('api', buildPreloadApi(ipcRenderer));
