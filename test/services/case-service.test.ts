import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CausalPrintError } from '../../electron/contract/errors.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.dispose();
});

const newCase = (number: string, extra: Partial<{ title: string; examiner: string; description: string }> = {}) =>
  h.ws.cases.create({ number, title: `Case ${number}`, examiner: 'Ada Examiner', description: '', ...extra });

describe('CaseService', () => {
  it('creates an open case with trimmed fields and audits the creation', () => {
    const created = newCase('  2026-0042 ', { title: ' Fake ID photos ', description: 'From the tip line' });
    expect(created).toMatchObject({ number: '2026-0042', title: 'Fake ID photos', status: 'open', evidenceCount: 0 });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(h.ws.cases.get(created.id)).toEqual(created);
    const log = h.ws.repos.audit.list(created.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      seq: 1,
      action: 'case.created',
      details: { number: '2026-0042', title: 'Fake ID photos', examiner: 'Ada Examiner', description: 'From the tip line' },
    });
  });

  it('refuses a second case with the same number (any letter case) with a typed CONFLICT error and writes nothing', () => {
    newCase('ABC-1');
    let caught: unknown;
    try {
      newCase('abc-1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CausalPrintError);
    expect(caught).toMatchObject({ code: 'CONFLICT', details: { field: 'number' } });
    expect(h.ws.cases.list()).toHaveLength(1);
    expect(h.ws.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
  });

  it('lists newest first and searches number, title and examiner case-insensitively, treating % and _ literally', () => {
    const a = newCase('A-1', { title: 'Deepfake portrait', examiner: 'Ada' });
    const b = newCase('B-2', { title: 'Invoice scan', examiner: 'Grace Hopper' });
    const c = newCase('C_3', { title: '100% synthetic', examiner: 'Ada' });
    expect(h.ws.cases.list().map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(h.ws.cases.list('DEEPFAKE').map((x) => x.id)).toEqual([a.id]);
    expect(h.ws.cases.list('hopper').map((x) => x.id)).toEqual([b.id]);
    expect(h.ws.cases.list('b-2').map((x) => x.id)).toEqual([b.id]);
    expect(h.ws.cases.list('ada').map((x) => x.id)).toEqual([c.id, a.id]);
    expect(h.ws.cases.list('%').map((x) => x.id)).toEqual([c.id]);
    expect(h.ws.cases.list('_').map((x) => x.id)).toEqual([c.id]);
    expect(h.ws.cases.list('nothing like it')).toEqual([]);
    expect(h.ws.cases.list('   ')).toHaveLength(3);
  });

  it('resolves a case by id or by number, and names what it could not find', () => {
    const a = newCase('R-7');
    expect(h.ws.cases.resolve(a.id).id).toBe(a.id);
    expect(h.ws.cases.resolve('r-7').id).toBe(a.id);
    expect(() => h.ws.cases.resolve('R-8')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining('R-8') }));
    expect(() => h.ws.cases.get('00000000-0000-4000-8000-000000000000')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('updates title, description and status, auditing exactly what changed', async () => {
    const a = newCase('U-1', { title: 'Before' });
    await new Promise((r) => setTimeout(r, 5)); // timestamps have millisecond precision
    const updated = h.ws.cases.update(a.id, { title: 'After', status: 'closed', description: undefined });
    expect(updated).toMatchObject({ title: 'After', status: 'closed', description: '' });
    expect(updated.updatedAt > a.updatedAt).toBe(true);
    const entry = h.ws.repos.audit.list(a.id).at(-1)!;
    expect(entry).toMatchObject({
      seq: 2,
      action: 'case.updated',
      details: { changes: { title: { from: 'Before', to: 'After' }, status: { from: 'open', to: 'closed' } } },
    });
  });

  it('records nothing when an update changes nothing, and refuses an unknown case', () => {
    const a = newCase('U-2', { title: 'Same' });
    expect(h.ws.cases.update(a.id, { title: 'Same' })).toEqual(a);
    expect(h.ws.repos.audit.list(a.id)).toHaveLength(1);
    expect(() => h.ws.cases.update('00000000-0000-4000-8000-000000000000', { title: 'x' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('keeps cases across a reopen of the same home', async () => {
    const a = newCase('P-1');
    const { createAppContext, workstationOf } = await import('../../electron/services/app-context.js');
    await h.ctx.close();
    const ctx = await createAppContext({ home: h.home, mode: 'cli' });
    try {
      expect(workstationOf(ctx).cases.get(a.id)).toEqual(a);
    } finally {
      await ctx.close();
    }
  });
});
