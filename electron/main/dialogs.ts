import { BrowserWindow, dialog } from 'electron';
import type { OpenDialogOptions } from 'electron';

/**
 * Shows the native open dialog for evidence import and returns the chosen absolute paths, or
 * null when cancelled. Injected into the AppContext as `chooseImportPaths`, so the renderer asks
 * for an import and the paths are picked here, never sent by the renderer.
 */
export async function chooseImportPaths(mode: 'files' | 'folder'): Promise<string[] | null> {
  const options: OpenDialogOptions = {
    title: mode === 'files' ? 'Import evidence files' : 'Import an evidence folder',
    buttonLabel: 'Import',
    properties: mode === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory'],
    filters:
      mode === 'files'
        ? [
            { name: 'Images', extensions: ['jpg', 'jpeg', 'png', 'webp', 'tif', 'tiff', 'gif', 'bmp', 'heic', 'heif', 'avif'] },
            { name: 'All files', extensions: ['*'] },
          ]
        : [],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
}
