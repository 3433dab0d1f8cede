/// <reference types="vite/client" />
import type { PreloadApi } from '@contract/api-types';

declare global {
  interface Window {
    /** Present only inside the Electron window (preload bridge); absent in server mode. */
    readonly api?: PreloadApi;
  }
}

export {};
