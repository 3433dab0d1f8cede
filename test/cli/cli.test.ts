import { appendFileSync, chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program.js';
import { openDatabase } from '../../database/open-database.js';
import { gradient } from '../fixtures/intake-fixtures.js';
import { makeTempDir } from '../helpers/temp-home.js';

let temp: { dir: string; cleanup: () => void };
let home: string;
let out: string[];
let err: string[];
const savedHome = process.env.CAUSALPRINT_HOME;
const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
/** Runs one CLI invocation in-process; the home comes from CAUSALPRINT_HOME as for a user. */
const cli = (...args: string[]) => runCli(args, io);

beforeEach(() => {
  temp = makeTempDir('causalprint-cli-');
  home = join(temp.dir, 'home');
  process.env.CAUSALPRINT_HOME = home;
  out = [];
  err = [];
});
afterEach(() => {
  if (savedHome === undefined) delete process.env.CAUSALPRINT_HOME;
  else process.env.CAUSALPRINT_HOME = savedHome;
  temp.cleanup();
});

async function sampleFolder(): Promise<string> {
  const folder = join(temp.dir, 'samples');
  mkdirSync(folder);
  await gradient(20, 20, 1).png().toFile(join(folder, 'a.png'));
  await gradient(20, 20, 2).jpeg().toFile(join(folder, 'b.jpg'));
  writeFileSync(join(folder, 'c.jpg'), 'not an image at all');
  return folder;
}

const createCase = () => cli('case', 'create', '--number', '2026-0042', '--title', 'Tip line', '--examiner', 'Ada Examiner');

describe('causalprint case', () => {
  it('creates a case in CAUSALPRINT_HOME and lists it', async () => {
    expect(await createCase()).toBe(0);
    expect(out[0]).toMatch(/^Created case 2026-0042 \([0-9a-f-]{36}\): Tip line$/);
    expect(readdirSync(home)).toContain('causalprint.db');
    out = [];
    expect(await cli('case', 'list')).toBe(0);
    expect(out[0]).toMatch(/^NUMBER\s+STATUS\s+EVIDENCE\s+EXAMINER\s+TITLE$/);
    expect(out[1]).toMatch(/^2026-0042\s+open\s+0\s+Ada Examiner\s+Tip line$/);
  });

  it('searches, and says so when nothing matches or nothing exists', async () => {
    expect(await cli('case', 'list')).toBe(0);
    expect(out).toEqual(['No cases yet.']);
    await createCase();
    await cli('case', 'create', '--number', 'X-1', '--title', 'Other', '--examiner', 'Grace');
    out = [];
    expect(await cli('case', 'list', '--search', 'grace')).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^X-1 /);
    out = [];
    await cli('case', 'list', '--search', 'zzz');
    expect(out).toEqual(['No case matches "zzz".']);
  });

  it('exits 2 with one readable line on a duplicate number, invalid input or a missing option', async () => {
    await createCase();
    expect(await createCase()).toBe(2);
    expect(err).toEqual(['causalprint: A case numbered "2026-0042" already exists; choose another number.']);
    err = [];
    expect(await cli('case', 'create', '--number', 'Y', '--title', '', '--examiner', 'E')).toBe(2);
    expect(err[0]).toMatch(/^causalprint: /);
    err = [];
    expect(await cli('case', 'create', '--number', 'Y')).toBe(2);
    expect(err.join('\n')).toMatch(/required option '--title <title>' not specified/);
  });

  it('honours --home over CAUSALPRINT_HOME', async () => {
    const other = join(temp.dir, 'other-home');
    expect(await cli('--home', other, 'case', 'create', '--number', 'H-1', '--title', 'T', '--examiner', 'E')).toBe(0);
    expect(readdirSync(other)).toContain('causalprint.db');
    out = [];
    await cli('case', 'list');
    expect(out).toEqual(['No cases yet.']);
  });
});

describe('causalprint evidence import', () => {
  it('prints one line per file with the rejection reason, then a summary', async () => {
    await createCase();
    const folder = await sampleFolder();
    out = [];
    expect(await cli('evidence', 'import', '2026-0042', folder)).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^imported {3}[0-9a-f]{12} {2}samples\/a\.png$/);
    expect(out[1]).toMatch(/^imported {3}[0-9a-f]{12} {2}samples\/b\.jpg$/);
    expect(out[2]).toMatch(/^rejected {3}samples\/c\.jpg — \[NOT_AN_IMAGE\] "samples\/c\.jpg" is not an image/);
    expect(out[3]).toBe('3 file(s): 2 imported, 0 duplicate(s), 1 rejected — case 2026-0042.');
    out = [];
    expect(await cli('evidence', 'import', '2026-0042', join(folder, 'a.png'))).toBe(0);
    expect(out[0]).toMatch(/^duplicate {2}[0-9a-f]{12} {2}a\.png — Same content/);
    out = [];
    await cli('case', 'list');
    expect(out[1]).toMatch(/^2026-0042\s+open\s+2\s/);
  });

  it('stops cleanly on Ctrl-C: exit 130, the files done so far complete, nothing partial', async () => {
    await createCase();
    const folder = join(temp.dir, 'many');
    mkdirSync(folder);
    for (let i = 0; i < 12; i++) await gradient(16, 16, i).png().toFile(join(folder, `m-${String(i).padStart(2, '0')}.png`));
    out = [];
    const listenersBefore = process.listenerCount('SIGINT');
    const interruptingIo = {
      out: (line: string) => {
        out.push(line);
        if (out.length === 2) process.emit('SIGINT');
      },
      err: io.err,
    };
    expect(await runCli(['evidence', 'import', '2026-0042', folder], interruptingIo)).toBe(130);
    expect(err).toContain('Interrupted: stopping after the current file…');
    expect(err.at(-1)).toMatch(/^Import cancelled after \d+ of 12 file\(s\)/);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
    const caseDir = join(home, 'cases', readdirSync(join(home, 'cases'))[0]!);
    const imported = out.filter((l) => l.startsWith('imported')).length;
    expect(imported).toBeGreaterThanOrEqual(2);
    expect(imported).toBeLessThan(12);
    expect(readdirSync(join(caseDir, 'evidence'))).toHaveLength(imported);
    expect(readdirSync(join(caseDir, '.incoming'))).toEqual([]);
    out = [];
    expect(await cli('audit', 'verify', '2026-0042')).toBe(0);
  });

  it('exits 1 when every file was rejected, 2 for an unknown case', async () => {
    await createCase();
    const folder = await sampleFolder();
    expect(await cli('evidence', 'import', '2026-0042', join(folder, 'c.jpg'))).toBe(1);
    expect(await cli('evidence', 'import', 'NOPE', folder)).toBe(2);
    expect(err.at(-1)).toBe('causalprint: No case with number or id "NOPE".');
  });
});

describe('causalprint audit verify / evidence verify', () => {
  it('exits 0 for an intact chain and 1 naming the entry after a raw SQL edit', async () => {
    await createCase();
    await cli('evidence', 'import', '2026-0042', await sampleFolder());
    out = [];
    expect(await cli('audit', 'verify', '2026-0042')).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^Audit chain of 2026-0042 is intact: 4 entries, head [0-9a-f]{64}\.$/)]);

    const db = openDatabase(join(home, 'causalprint.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor = 'Mallory' WHERE seq = 2`).run();
    db.close();
    out = [];
    expect(await cli('audit', 'verify', '2026-0042')).toBe(1);
    expect(out).toEqual([
      'PROBLEM  #2 edited: Entry #2 was edited: its content no longer matches its hash.',
      'Audit chain of 2026-0042 is BROKEN: 1 problem(s) in 5 entries.',
    ]);
  });

  it('exits 1 when a vault copy was altered, naming the file', async () => {
    await createCase();
    await cli('evidence', 'import', '2026-0042', await sampleFolder());
    out = [];
    expect(await cli('evidence', 'verify', '2026-0042')).toBe(0);
    expect(out.at(-1)).toBe('All evidence of 2026-0042 verified.');

    const caseDir = join(home, 'cases', readdirSync(join(home, 'cases'))[0]!, 'evidence');
    const png = readdirSync(caseDir).find((f) => f.endsWith('.png'))!;
    chmodSync(join(caseDir, png), 0o644);
    appendFileSync(join(caseDir, png), 'x');
    out = [];
    expect(await cli('evidence', 'verify', '2026-0042')).toBe(1);
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^MISMATCH ${png.slice(0, 12)} {2}samples/a\\.png — expected ${png.slice(0, 64)}, found [0-9a-f]{64}$`)));
    expect(out.at(-1)).toBe('1 item(s) of 2026-0042 FAILED verification.');
  });

  it('reports a vault file no evidence row refers to, and leaves it there', async () => {
    await createCase();
    await cli('evidence', 'import', '2026-0042', await sampleFolder());
    const caseDir = join(home, 'cases', readdirSync(join(home, 'cases'))[0]!, 'evidence');
    writeFileSync(join(caseDir, `${'e'.repeat(64)}.png`), 'left by a crash');
    out = [];
    expect(await cli('evidence', 'verify', '2026-0042')).toBe(1);
    expect(out).toContain(`ORPHAN   ${'e'.repeat(64)}.png — in the vault but not in the case (an interrupted import?); left untouched`);
    expect(out.at(-1)).toBe('All evidence of 2026-0042 verified.');
    expect(readdirSync(caseDir)).toHaveLength(3);
  });
});

describe('causalprint', () => {
  it('prints help and exits 0; an unknown command exits 2', async () => {
    expect(await cli('--help')).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: causalprint/);
    expect(await cli('frobnicate')).toBe(2);
    expect(err.join('\n')).toMatch(/unknown command 'frobnicate'/);
  });
});
