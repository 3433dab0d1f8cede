import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradient } from '../fixtures/intake-fixtures.js';
import { openHarness, type Harness } from '../helpers/app-harness.js';

let h: Harness;
let caseId: string;
beforeEach(async () => {
  h = await openHarness('server');
  caseId = h.ws.cases.create({ number: 'UP-1', title: 'Uploads', examiner: 'Ada', description: '' }).id;
});
afterEach(async () => {
  await h.dispose();
});

const staging = () => join(h.home, 'staging');
const stream = (bytes: Buffer | string) => Readable.from([Buffer.from(bytes)]);

describe('uploads (server mode)', () => {
  it('stores uploaded files under their index, never under the client name, then imports and removes the area', async () => {
    const { uploadId } = await h.ctx.handlers['uploads:create']({ fileCount: 2 });
    const png = await gradient(10, 10).png().toBuffer();
    await h.ctx.writeUpload(uploadId, 0, '../../etc/evil.png', stream(png));
    await h.ctx.writeUpload(uploadId, 1, 'notes.jpg', stream('plain text'));
    expect(readdirSync(join(staging(), uploadId)).sort()).toEqual(['0.bin', '0.json', '1.bin', '1.json', 'manifest.json']);

    const { jobId } = await h.ctx.handlers['evidence:importUpload']({ caseId, uploadId });
    const job = await h.ws.jobs.wait(jobId);
    expect(job.summary.results).toEqual([
      expect.objectContaining({ name: '../../etc/evil.png', status: 'imported' }),
      expect.objectContaining({ name: 'notes.jpg', status: 'rejected', reasonCode: 'NOT_AN_IMAGE' }),
    ]);
    const [record] = h.ws.repos.evidence.listByCase(caseId);
    expect(record).toMatchObject({ originalName: '../../etc/evil.png', sourcePath: 'upload:../../etc/evil.png' });
    expect(existsSync(join(staging(), uploadId))).toBe(false);
  });

  it('reports files that never arrived as UNREADABLE rejections', async () => {
    const { uploadId } = await h.ctx.handlers['uploads:create']({ fileCount: 2 });
    await h.ctx.writeUpload(uploadId, 0, 'a.png', stream(await gradient(8, 8).png().toBuffer()));
    const job = await h.ws.jobs.wait((await h.ctx.handlers['evidence:importUpload']({ caseId, uploadId })).jobId);
    expect(job.summary.results.map((r) => [r.status, r.reasonCode ?? null, r.name])).toEqual([
      ['imported', null, 'a.png'],
      ['rejected', 'UNREADABLE', 'file #2'],
    ]);
  });

  it('refuses an index outside the upload and an unknown or malformed upload id', async () => {
    const { uploadId } = await h.ctx.handlers['uploads:create']({ fileCount: 1 });
    await expect(h.ctx.writeUpload(uploadId, 1, 'x.png', stream('x'))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(h.ctx.writeUpload(uploadId, -1, 'x.png', stream('x'))).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(h.ctx.writeUpload('00000000-0000-4000-8000-000000000000', 0, 'x.png', stream('x'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(h.ctx.writeUpload('../../etc', 0, 'x.png', stream('x'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops an upload over the per-file limit and keeps no partial file', async () => {
    const { uploadId } = await h.ctx.handlers['uploads:create']({ fileCount: 1 });
    h.ws.settings.update({ maxFileBytes: 1_000_000 });
    const big = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(100_000, i);
    })());
    await expect(h.ctx.writeUpload(uploadId, 0, 'big.png', big)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/"big.png" is larger than the 1.0 MB per-file limit/),
    });
    expect(readdirSync(join(staging(), uploadId))).toEqual(['manifest.json']);
  });

  it('turns an interrupted upload stream into an IO error and keeps no partial file', async () => {
    const { uploadId } = await h.ctx.handlers['uploads:create']({ fileCount: 1 });
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(h.ctx.writeUpload(uploadId, 0, 'a.png', broken)).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining('connection reset'),
    });
    expect(readdirSync(join(staging(), uploadId))).toEqual(['manifest.json']);
  });
});
