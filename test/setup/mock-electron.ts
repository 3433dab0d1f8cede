// Electron is mocked here once for every unit test (fiddle's habit): there is no Electron binary
// on CI, and the shell's tests check what it asks Electron to do. Fakes live in
// test/helpers-frontdoor/electron-fakes.ts; tests import them from there to inspect and drive them.
import { vi } from 'vitest';

vi.mock('electron', async () => {
  const fakes = await import('../helpers-frontdoor/electron-fakes.js');
  return { ...fakes.fakeElectron, default: fakes.fakeElectron };
});
