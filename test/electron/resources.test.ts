import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveResourcePath, setResourceRoot } from '../../electron/engine/models/resource-path.js';
import { useBundledResources } from '../../electron/main/resources.js';
import { defaultLibraryPath } from '../../electron/services/library/default-library.js';
import { app } from '../helpers-frontdoor/electron-fakes.js';
import { makeTempDir } from '../helpers/temp-home.js';

describe('useBundledResources (electron/main/resources.ts)', () => {
  const original = process.resourcesPath;
  afterEach(() => {
    app.isPackaged = false;
    Object.defineProperty(process, 'resourcesPath', { value: original, configurable: true, writable: true });
    setResourceRoot(null);
  });

  it('in a packaged app, makes the engine and the default library look beside the asar', () => {
    const { dir, cleanup } = makeTempDir('cp-packaged-');
    try {
      mkdirSync(join(dir, 'native-models'));
      app.isPackaged = true;
      Object.defineProperty(process, 'resourcesPath', { value: dir, configurable: true, writable: true });
      useBundledResources();
      expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(join(dir, 'native-models', 'packs', 'causalprint-base-v1'));
      expect(defaultLibraryPath()).toBe(join(dir, 'native-models', 'packs', 'causalprint-base-v1', 'default-library.cplib'));
    } finally {
      cleanup();
    }
  });

  it('in development, leaves the engine finding the project root', () => {
    useBundledResources();
    expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(join(process.cwd(), 'native-models', 'packs', 'causalprint-base-v1'));
  });
});
