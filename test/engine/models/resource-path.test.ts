import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveResourcePath } from '../../../electron/engine/models/resource-path.js';

describe('resolveResourcePath', () => {
  it('finds native-models/ at the project root in development', () => {
    expect(existsSync(resolveResourcePath('zoo/manifest.json'))).toBe(true);
    expect(resolveResourcePath('packs/causalprint-base-v1')).toBe(join(process.cwd(), 'native-models', 'packs', 'causalprint-base-v1'));
  });

  it('uses the packaged resourcesPath when the shell passes it', () => {
    expect(resolveResourcePath('zoo', { resourcesPath: '/opt/CausalPrint/resources', devRoot: '/src' })).toBe('/opt/CausalPrint/resources/native-models/zoo');
  });

  it('refuses paths that leave native-models/', () => {
    expect(() => resolveResourcePath('../package.json', { devRoot: '/src' })).toThrow(/leaves native-models/);
    expect(() => resolveResourcePath('/etc/passwd', { devRoot: '/src' })).toThrow(/leaves native-models/);
  });
});
