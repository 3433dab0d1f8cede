import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveHome } from '../../electron/services/app-context.js';
import { DEMO_CASE_NUMBER, demoSamplesDir, ensureDemoCase } from '../../electron/services/demo-case.js';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PIXELS, SettingsService } from '../../electron/services/settings-service.js';
import { SettingsRepository } from '../../database/repositories/settings-repository.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.dispose();
});

describe('demo case', () => {
  it('imports the five bundled samples once, with the EXIF we wrote into coffee.jpg', async () => {
    const demo = await ensureDemoCase(h.ctx);
    expect(demo).toMatchObject({ number: DEMO_CASE_NUMBER, evidenceCount: 5 });
    const items = h.ws.repos.evidence.listByCase(demo.id);
    expect(items.map((e) => [e.originalName, e.format, e.integrity])).toEqual([
      ['astronaut.webp', 'webp', 'verified'],
      ['camera.png', 'png', 'verified'],
      ['chelsea.png', 'png', 'verified'],
      ['coffee.jpg', 'jpeg', 'verified'],
      ['rocket.jpg', 'jpeg', 'verified'],
    ]);
    expect(items.find((e) => e.originalName === 'coffee.jpg')!.metadata.exif.Make).toBe('CausalPrint demo');
    expect(items.find((e) => e.originalName === 'camera.png')!.channels).toBe(1);
    // Nothing from the README was offered: no rejection in the log.
    expect(h.ws.repos.audit.list(demo.id).filter((e) => e.action === 'evidence.rejected')).toEqual([]);

    const again = await ensureDemoCase(h.ctx);
    expect(again.id).toBe(demo.id);
    expect(h.ws.repos.evidence.listByCase(demo.id)).toHaveLength(5);
  });

  it('is created empty, with a warning, when the samples are not there', async () => {
    const demo = await ensureDemoCase(h.ctx, join(h.home, 'no-samples-here'));
    expect(demo.evidenceCount).toBe(0);
    expect(demoSamplesDir()).toMatch(/build\/demo-samples\/?$/);
  });

  it('finds the samples from a bundled chunk as well as from the source file', () => {
    const root = demoSamplesDir().replace(/\/build\/demo-samples\/?$/, '');
    expect(demoSamplesDir(pathToFileURL(join(root, 'out', 'main', 'chunks', 'demo-case-abc.js')).href)).toBe(join(root, 'build', 'demo-samples'));
    expect(demoSamplesDir(pathToFileURL(join(root, 'out', 'main', 'serve.js')).href)).toBe(join(root, 'build', 'demo-samples'));
  });
});

describe('settings', () => {
  it('starts from code defaults and keeps validated changes', () => {
    expect(h.ws.settings.get()).toMatchObject({ maxPixels: DEFAULT_MAX_PIXELS, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    expect(h.ws.settings.get().examinerName.length).toBeGreaterThan(0);
    h.ws.settings.update({ examinerName: 'Ada' });
    expect(h.ws.db.prepare('SELECT key, value_json FROM settings').all()).toEqual([{ key: 'examinerName', value_json: '"Ada"' }]);
    expect(() => h.ws.settings.update({ maxPixels: 5 })).toThrow();
    expect(h.ws.settings.get().maxPixels).toBe(DEFAULT_MAX_PIXELS);
  });

  it('refuses to run on stored settings that are invalid, with an INTEGRITY error', () => {
    h.ws.db.prepare(`INSERT INTO settings (key, value_json, updated_at) VALUES ('maxPixels', '"lots"', 'now')`).run();
    const fresh = new SettingsService(new SettingsRepository(h.ws.db), () => 'now');
    expect(() => fresh.get()).toThrow(expect.objectContaining({ code: 'INTEGRITY' }));
  });
});

describe('resolveHome', () => {
  it('prefers CAUSALPRINT_HOME, else the per-user app-data folder', () => {
    expect(resolveHome({ CAUSALPRINT_HOME: '/data/cp' })).toBe('/data/cp');
    expect(resolveHome({ CAUSALPRINT_HOME: '  ', XDG_CONFIG_HOME: '/xdg' })).toBe(process.platform === 'linux' ? '/xdg/CausalPrint' : expect.any(String));
  });
});
