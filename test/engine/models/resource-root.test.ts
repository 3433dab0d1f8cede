import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveResourcePath, resourceRoot, setResourceRoot } from '../../../electron/engine/models/resource-path.js';
import { makeTempDir } from '../../helpers/temp-home.js';

describe('process-wide resource root (what a packaged app sets from process.resourcesPath)', () => {
  afterEach(() => setResourceRoot(null));

  it('resolves, in order: the call\'s resourcesPath, its devRoot, the process-wide root, the project root', () => {
    const { dir, cleanup } = makeTempDir('cp-resources-');
    try {
      mkdirSync(join(dir, 'native-models'));
      const projectPack = join(process.cwd(), 'native-models', 'packs', 'causalprint-base-v1');
      expect(resourceRoot()).toBeNull();
      expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(projectPack);

      setResourceRoot(dir);
      expect(resourceRoot()).toBe(dir);
      expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(join(dir, 'native-models', 'packs', 'causalprint-base-v1'));
      expect(resolveResourcePath('zoo', { devRoot: '/src' })).toBe('/src/native-models/zoo');
      expect(resolveResourcePath('zoo', { resourcesPath: '/opt/app/resources', devRoot: '/src' })).toBe('/opt/app/resources/native-models/zoo');
      expect(() => resolveResourcePath('../secrets')).toThrow(/leaves native-models/);

      setResourceRoot(null);
      expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(projectPack);
    } finally {
      cleanup();
    }
  });

  it('refuses a root without native-models/ and keeps the previous one', () => {
    const { dir, cleanup } = makeTempDir('cp-resources-');
    try {
      expect(() => setResourceRoot(dir)).toThrow(/No native-models\/ folder in .*bundled models are missing/);
      expect(resourceRoot()).toBeNull();
    } finally {
      cleanup();
    }
  });
});
