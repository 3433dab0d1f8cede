import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IntakeRejection } from '../../../electron/engine/intake/rejection.js';
import { stageFile } from '../../../electron/engine/intake/stage-file.js';
import { walkSources } from '../../../electron/engine/intake/walk-sources.js';
import { makeTempDir } from '../../helpers/temp-home.js';

const { dir, cleanup } = makeTempDir('causalprint-walk-');
afterAll(cleanup);

describe('walkSources', () => {
  const root = join(dir, 'picked');
  mkdirSync(join(root, 'b', 'deeper'), { recursive: true });
  mkdirSync(join(root, 'a'));
  writeFileSync(join(root, 'b', 'deeper', 'z.png'), 'z');
  writeFileSync(join(root, 'b', 'y.png'), 'y');
  writeFileSync(join(root, 'a', 'x.png'), 'x');
  writeFileSync(join(root, 'B.png'), 'B');
  symlinkSync(join(root, 'a', 'x.png'), join(root, 'link-to-x.png'));
  symlinkSync(join(dir, 'nowhere.png'), join(root, 'broken.png'));
  symlinkSync(root, join(root, 'b', 'back-to-root'));

  it('lists files recursively in code-point order with names relative to what was picked', async () => {
    const entries = await walkSources([root]);
    expect(entries.map((e) => [e.displayName, e.rejection?.code ?? null])).toEqual([
      ['picked/B.png', null],
      ['picked/a/x.png', null],
      ['picked/b/back-to-root', 'SYMLINK_LOOP'],
      ['picked/b/deeper/z.png', null],
      ['picked/b/y.png', null],
      ['picked/broken.png', 'UNREADABLE'],
      ['picked/link-to-x.png', null],
    ]);
    expect(entries.find((e) => e.displayName === 'picked/broken.png')!.rejection!.reason).toMatch(/does not exist \(or is a broken link\)/);
  });

  it('keeps the order of paths given one by one, and is stopped by an aborted signal', async () => {
    const entries = await walkSources([join(root, 'b', 'y.png'), join(root, 'a')]);
    expect(entries.map((e) => e.displayName)).toEqual(['y.png', 'a/x.png']);
    await expect(walkSources([root], AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('stageFile', () => {
  const incoming = join(dir, 'incoming');
  mkdirSync(incoming);
  const source = join(dir, 'source.bin');
  const bytes = Buffer.alloc(3_000_000, 1).fill(2, 1_000_000);
  writeFileSync(source, bytes);

  const rejectionOf = async (promise: Promise<unknown>): Promise<IntakeRejection> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof IntakeRejection) return error;
      throw error;
    }
    throw new Error('expected a rejection');
  };

  it('copies into a temp file and hashes exactly the bytes written', async () => {
    const staged = await stageFile(source, 'source.bin', incoming, 10_000_000);
    expect(staged.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(staged.sizeBytes).toBe(bytes.length);
    expect(staged.tempPath.startsWith(incoming)).toBe(true);
    expect(createHash('sha256').update(readFileSync(staged.tempPath)).digest('hex')).toBe(staged.sha256);
  });

  it('refuses empty and over-limit files and leaves no temp file', async () => {
    const before = readdirSync(incoming);
    writeFileSync(join(dir, 'empty.png'), '');
    expect((await rejectionOf(stageFile(join(dir, 'empty.png'), 'empty.png', incoming, 10_000_000))).code).toBe('EMPTY_FILE');
    const tooLarge = await rejectionOf(stageFile(source, 'source.bin', incoming, 2_000_000));
    expect(tooLarge.code).toBe('TOO_LARGE');
    expect(tooLarge.reason).toMatch(/larger than the 2.0 MB per-file limit/);
    expect((await rejectionOf(stageFile(join(dir, 'missing.png'), 'missing.png', incoming, 10_000_000))).code).toBe('UNREADABLE');
    expect(readdirSync(incoming)).toEqual(before);
  });

  it('refuses a named pipe without blocking on it', async () => {
    const fifo = join(dir, 'swapped-in.png');
    execFileSync('mkfifo', [fifo]);
    const error = await rejectionOf(stageFile(fifo, 'swapped-in.png', incoming, 10_000_000));
    expect(error.code).toBe('NOT_A_FILE');
  });

  it('removes its temp file when cancelled', async () => {
    const before = readdirSync(incoming);
    await expect(stageFile(source, 'source.bin', incoming, 10_000_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(incoming)).toEqual(before);
  });
});
