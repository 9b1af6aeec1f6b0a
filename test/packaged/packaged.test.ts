// The packaged extension: `npm run package` builds a .vsix with exactly the run-time files, at most 1 MB;
// code-server installs it like a user would, and a workbench with no development extension runs a Void and the
// Signature Debugger from the installed copy.
import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from '@playwright/test';
import { openSession, type Session } from '../harness/session';
import { RESULTS_DIR } from '../harness/util';
import { notifications, runCommand, waitForNotification } from '../harness/workbench';
import { debuggerFrame, voidViaPalette } from '../ui/prakerja';
import { MIB, VSIX_LIMIT_BYTES, describePackage, installVsix, packageExtension, vsixProblems, type PackageResult } from './vsix';

let packaged: PackageResult;
let session: Session | undefined;

const noErrorNotifications = async (page: Session['page']) => expect((await notifications(page)).filter((n) => n.severity === 'error')).toEqual([]);

// Each step needs the one before: the package, then the installed copy, then what it does.
test.describe.serial('Packaged extension', () => {
  test.afterAll(async () => session?.close());

  test('npm run package builds a .vsix with exactly the run-time files', async () => {
    packaged = await packageExtension(path.join(RESULTS_DIR, 'packaged'));
    console.log(`packaged in ${(packaged.durationMs / 1000).toFixed(1)} s: ${describePackage(packaged)}`);
    expect(vsixProblems(packaged), path.basename(packaged.vsix)).toEqual([]);
  });

  test('the .vsix is at most 1 MB', async () => {
    expect(packaged.bytes, `the .vsix is ${(packaged.bytes / MIB).toFixed(2)} MB`).toBeLessThanOrEqual(VSIX_LIMIT_BYTES);
  });

  test('code-server installs the .vsix and opens a workbench that runs only the installed copy', async ({ browser }) => {
    let installedAt = '';
    session = await openSession(browser, {
      name: 'packaged',
      extensionDevelopmentPaths: [],
      prepare: async (dirs) => void (installedAt = (await installVsix([packaged.vsix], dirs))[0]!),
    });
    expect(fs.existsSync(path.join(installedAt, 'dist', 'extension.js')), `the installed extension in ${installedAt} has dist/extension.js`).toBe(true);
    expect(session.url, 'the workbench URL loads no development extension').not.toContain('payload=');
  });

  test('installed: "Prakerja: Void Transaction" from the palette with typed codes says Voided', async () => {
    const { page } = session!;
    const transactionCode = `TRX-OK-${randomBytes(4).toString('hex').toUpperCase()}`;
    await voidViaPalette(page, { invoiceCode: 'INV-PKG-1', transactionCode });
    const toast = await waitForNotification(page, new RegExp(`${transactionCode}.*Voided`), 30_000);
    expect(toast.severity, toast.text).toBe('info');
    await page.screenshot({ path: test.info().outputPath('voided.png') });
    await noErrorNotifications(page);
  });

  test('installed: "Prakerja: Open Signature Debugger" shows a 40-hex HMAC', async () => {
    const { page } = session!;
    await runCommand(page, 'Prakerja: Open Signature Debugger');
    const frame = debuggerFrame(page);
    const signature = frame.locator('#signature');
    await expect(signature).toHaveText(/^[0-9a-f]{40}$/, { timeout: 30_000 });
    // The HMAC is the one of what the page shows, with the sandbox's demo key (nothing stored).
    const value = (id: string) => frame.locator(`#${id}`).inputValue();
    const raw = `${await value('clientCode')}${await value('timestamp')}${await value('method')}${await value('endpoint')}${await value('body')}`;
    await expect(signature, 'the HMAC-SHA1 of the raw_signature shown').toHaveText(createHmac('sha1', 'sandbox-sign-key').update(raw, 'utf8').digest('hex'));
    await page.screenshot({ path: test.info().outputPath('debugger.png') });
    await noErrorNotifications(page);
  });
});
