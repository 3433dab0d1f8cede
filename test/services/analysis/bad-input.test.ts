import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionItemOutcome, AttributionJob } from '../../../electron/contract/analysis-schemas.js';
import { dispatchInvoke } from '../../../electron/contract/dispatch.js';
import { walkSources } from '../../../electron/engine/intake/walk-sources.js';
import type { AppContext } from '../../../electron/services/app-context-types.js';
import { createAppContext, workstationOf } from '../../../electron/services/app-context.js';
import { workstationLibrary } from '../../../electron/services/library/library-for-workstation.js';
import { openPackLibraryEngine } from '../../../electron/services/library/pack-library-engine.js';
import type { Workstation } from '../../../electron/services/workstation.js';
import { makeTempDir } from '../../helpers/temp-home.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic "generator" image: a smooth random gradient plus fine pixel noise ('fine') or the
 * same noise upsampled ×2 by pixel repetition ('grid'), as in the pack engine's own test.
 * `frames` > 1 stacks frames vertically (sharp's layout for animations).
 */
function render(kind: 'fine' | 'grid', seed: number, width = 128, height = 128, frames = 1): Sharp {
  const r = rng(seed);
  const px = Buffer.alloc(width * height * frames * 3);
  for (let f = 0; f < frames; f++) {
    const [gx, gy, base] = [r() * 0.8, r() * 0.8, 60 + r() * 80];
    const coarse = Array.from({ length: Math.ceil(width / 2) * Math.ceil(height / 2) * 3 }, () => (r() - 0.5) * 24);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          const noise = kind === 'fine' ? (r() - 0.5) * 24 : coarse[((y >> 1) * Math.ceil(width / 2) + (x >> 1)) * 3 + c]!;
          px[((f * height + y) * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + gx * x + gy * y + 20 * c + noise)));
        }
      }
    }
  }
  return sharp(px, { raw: { width, height: height * frames, channels: 3, ...(frames > 1 ? { pageHeight: height } : {}) } });
}

/** The analysis pixel limit the engine is opened with here: 500×500 fits, 640×480 does not. */
const ANALYSIS_MAX_PIXELS = 300_000;

/** Each awkward input: how it is made, and what the batch must report for it. */
const CASES: { name: string; make: (file: string) => Promise<unknown>; expect: 'result' | RegExp; note?: RegExp }[] = [
  { name: 'tiny.png', make: (f) => render('fine', 1, 40, 40).png().toFile(f), expect: /^The image is 40×40, smaller than one 64×64 analysis patch/ },
  {
    name: 'flat.png',
    make: (f) => sharp({ create: { width: 128, height: 128, channels: 3, background: { r: 90, g: 120, b: 150 } } }).png().toFile(f),
    expect: 'result',
    note: /^Flat image: every pixel has the same colour/,
  },
  { name: 'deep16.png', make: (f) => render('grid', 2).toColourspace('rgb16').png().toFile(f), expect: 'result', note: /^16-bit samples analysed at full precision/ },
  { name: 'grey.png', make: (f) => render('fine', 3).toColourspace('b-w').png().toFile(f), expect: 'result', note: /^Greyscale image/ },
  { name: 'cmyk.jpg', make: (f) => render('grid', 4).toColourspace('cmyk').jpeg({ quality: 95 }).toFile(f), expect: 'result', note: /^CMYK image: converted to RGB/ },
  { name: 'anim.gif', make: (f) => render('grid', 5, 96, 96, 3).gif({ loop: 0 }).toFile(f), expect: 'result', note: /^Animated or multi-page GIF \(3 frames\): only the first frame was analysed/ },
  { name: 'anim.webp', make: (f) => render('fine', 6, 96, 96, 3).webp({ loop: 0, lossless: true }).toFile(f), expect: 'result', note: /^Animated or multi-page WEBP \(3 frames\): only the first frame was analysed/ },
  { name: 'rotated.jpg', make: (f) => render('fine', 8).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toFile(f), expect: 'result', note: /^EXIF orientation 6 ignored: analysed at the stored pixel grid/ },
  { name: 'huge.png', make: (f) => render('fine', 7, 640, 480).png().toFile(f), expect: /^The image is 640×480 \(307200 pixels\), above the analysis limit of 300000 pixels/ },
];

describe('bad input through attribution with the real model pack (no crash, a result or a typed reason per item)', () => {
  let dir: string;
  let cleanup: () => void;
  let ctx: AppContext;
  let ws: Workstation;
  let caseId: string;
  let job: AttributionJob;
  const outcome = (name: string): AttributionItemOutcome => job.summary.results.find((r) => r.name === name)!;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('cp-bad-input-'));
    ctx = await createAppContext({ home: join(dir, 'home'), mode: 'server', libraryEngine: () => openPackLibraryEngine({ maxPixels: ANALYSIS_MAX_PIXELS }) });
    ws = workstationOf(ctx);
    const lib = workstationLibrary(ws).service;
    mkdirSync(join(dir, 'refs'));
    for (const kind of ['fine', 'grid'] as const) {
      lib.createGenerator({ key: kind, displayName: kind, family: 'other' });
      const files: string[] = [];
      for (let i = 0; i < 3; i++) {
        const file = join(dir, 'refs', `${kind}-${i}.png`);
        await render(kind, 100 * i + (kind === 'fine' ? 11 : 12)).png().toFile(file);
        files.push(file);
      }
      await lib.enrol(kind, await walkSources(files));
    }
    caseId = ws.cases.create({ number: 'BAD-1', title: 'Awkward inputs', examiner: 'E', description: '' }).id;
    mkdirSync(join(dir, 'evidence'));
    const paths: string[] = [];
    for (const c of CASES) {
      const file = join(dir, 'evidence', c.name);
      await c.make(file);
      paths.push(file);
    }
    const imported = await ws.importPaths(caseId, paths);
    expect(imported.summary.results.map((r) => [r.name, r.status])).toEqual(CASES.map((c) => [c.name, 'imported']));
    const started = await dispatchInvoke(ctx.handlers, 'analysis:attributeCase', { caseId });
    if (!started.ok) throw new Error(started.error.message);
    job = await ws.jobs.wait((started.value as { jobId: string }).jobId, 'case-attribution');
  }, 600_000);
  afterAll(async () => {
    await ctx?.close();
    cleanup?.();
  });

  it('the batch finishes and reports every item', () => {
    expect(job.status).toBe('completed');
    expect(job.summary.results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
    expect(job.summary).toMatchObject({ attributed: 7, skipped: 0, failed: 2 });
  });

  it.each(CASES.filter((c) => c.expect === 'result'))('$name gives a stored result with its notes', async (c) => {
    const item = outcome(c.name);
    expect(item.status).toBe('attributed');
    expect(['fine', 'grid']).toContain(item.result!.topGeneratorKey);
    expect(item.result!.probability).toBeGreaterThanOrEqual(0);
    expect(item.result!.probability).toBeLessThanOrEqual(1);
    expect(item.result!.notes.some((n) => c.note!.test(n))).toBe(true);
    // Only the flat image is called flat.
    expect(item.result!.notes.some((n) => n.startsWith('Flat image')) === (c.name === 'flat.png')).toBe(true);
    // The intake facts and the engine say some things both (animation, CMYK, flatness): the result says each once.
    for (const topic of [/frame/i, /cmyk/i, /flat image|every patch is flat/i]) expect(item.result!.notes.filter((n) => topic.test(n)).length).toBeLessThanOrEqual(1);
    const stored = await dispatchInvoke(ctx.handlers, 'analysis:results', { evidenceId: item.evidenceId });
    expect(stored.ok && (stored.value as { notes: string[] }[])[0]!.notes).toEqual(item.result!.notes);
  });

  it.each(CASES.filter((c) => c.expect !== 'result'))('$name is refused with a specific typed message, nothing stored', (c) => {
    const item = outcome(c.name);
    expect(item.status).toBe('failed');
    expect(item.errorCode).toBe('VALIDATION');
    expect(item.reason).toMatch(c.expect as RegExp);
    const rows = ws.db.prepare('SELECT COUNT(*) AS n FROM analysis_results WHERE evidence_id = ?').get(item.evidenceId) as { n: number };
    expect(rows.n).toBe(0);
    expect(ws.repos.audit.list(caseId).filter((e) => e.action === 'analysis.attributed' && e.details.evidenceId === item.evidenceId)).toEqual([]);
  });

  it('the single-item channel gives the same typed refusal', async () => {
    const tiny = outcome('tiny.png');
    const answer = await dispatchInvoke(ctx.handlers, 'analysis:attribute', { evidenceId: tiny.evidenceId });
    expect(answer).toEqual({ ok: false, error: { code: 'VALIDATION', message: tiny.reason, details: expect.objectContaining({ reason: 'TOO_SMALL' }) } });
  });
});
