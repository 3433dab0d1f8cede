// Spec 3 of the issue: a vault file changed on disk behind the app's back is caught when the
// item is opened: the panel says mismatch with both hashes, the grid and the audit log keep it.
import { createHash } from 'node:crypto';
import { AuditPage } from '../pages/audit-page.js';
import { EvidencePanel } from '../pages/evidence-panel.js';
import { assert, eventually, eventuallyEqual } from '../lib/expect.js';
import { makeFixtureFolder } from '../lib/fixtures.js';
import { createCaseThroughForm, importThroughDialog, openCaseByNumber } from '../lib/flows.js';
import { isReadOnly, tamperWith, vaultFileOf } from '../lib/vault.js';

const CASE = { number: 'E2E-TAMPER-1', title: 'Tampered vault', examiner: 'Dana Examiner' };

export default {
  name: 'tampering with a vault file',
  server: { demo: false },
  tests: [
    {
      name: 'a changed vault file shows as an integrity mismatch, audited, chain still intact',
      /** @param {import('../run-e2e.js').TestContext} t */
      async run(t) {
        const fx = await makeFixtureFolder(t.scratch);
        t.step('create the case and import the 3 images as files');
        await createCaseThroughForm(t.page, t.server.origin, CASE);
        const view = await openCaseByNumber(t.page, t.server.origin, CASE.number);
        const { dialog, results } = await importThroughDialog(t.page, (d) => d.chooseFiles(fx.images.map((i) => i.path)), 3);
        assert.deepEqual(results.map((r) => r.status), ['imported', 'imported', 'imported']);
        await dialog.close();
        await eventually('3 rows', () => view.rowHashes(), (h) => h.length === 3);

        t.step('tamper with one vault file');
        const victim = fx.images[2];
        const vaultPath = vaultFileOf(t.server.home, view.caseIdFromUrl(), victim.sha256);
        assert.ok(isReadOnly(vaultPath), `the vault copy ${vaultPath} is stored read-only`);
        const tampered = tamperWith(vaultPath);
        const tamperedSha = createHash('sha256').update(tampered).digest('hex');
        assert.notEqual(tamperedSha, victim.sha256);

        t.step('open the tampered item');
        await view.openEvidence(victim.sha256);
        const panel = new EvidencePanel(t.page);
        await eventuallyEqual('integrity mismatch in the panel', () => panel.integrity(), 'mismatch');
        assert.equal(await panel.intakeSha256(), victim.sha256);
        assert.equal(await panel.verifiedSha256(), tamperedSha);
        await t.shoot(t.page, 'evidence-panel-mismatch');
        await panel.close();

        t.step('an untouched item still verifies');
        await view.openEvidence(fx.images[0].sha256);
        await eventuallyEqual('integrity verified for an untouched file', () => panel.integrity(), 'verified');
        await panel.close();

        t.step('the grid keeps the mismatch after a reload');
        await view.reload();
        await view.row(victim.sha256).waitFor();
        await eventually('mismatch status in the grid', () => view.cellText(victim.sha256, 'status'), (s) => /mismatch/i.test(s ?? ''));
        await t.shoot(t.page, 'evidence-grid-mismatch');

        t.step('the audit log has the mismatch and its chain is intact');
        await view.openAuditTab();
        const audit = new AuditPage(t.page);
        const entries = await eventually('a hash.mismatch audit row', () => audit.entries(), (e) => e.some((x) => x.action === 'hash.mismatch'));
        assert.equal(entries.filter((e) => e.action === 'hash.mismatch').length, 1);
        await audit.clickVerify();
        const result = await audit.verifyResult();
        assert.equal(result.dataValid, 'true', `chain verification: ${result.text}`);
        await t.shoot(t.page, 'audit-with-mismatch');

        t.step('verify all hashes: only the tampered item fails');
        await view.openEvidenceTab();
        await view.row(victim.sha256).waitFor();
        await view.clickVerifyAll();
        const statuses = async () => Promise.all(fx.images.map(async (i) => (await view.cellText(i.sha256, 'status'))?.toLowerCase()));
        await eventually('verified, verified, mismatch after verify all', statuses, (s) => /\bverified\b/.test(s[0]) && /\bverified\b/.test(s[1]) && /mismatch/.test(s[2]));
        await view.openAuditTab();
        await eventually('a second hash.mismatch entry from verify all', () => audit.entries(), (e) => e.filter((x) => x.action === 'hash.mismatch').length === 2);
      },
    },
  ],
};
