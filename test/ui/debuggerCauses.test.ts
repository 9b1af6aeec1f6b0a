// A person whose program makes two mistakes at once (Python's json.dumps default body and a timestamp in
// milliseconds) pastes its signature into the debugger and reads both causes, one sentence each, and the
// raw_signature their program must have signed beside ours; then pastes whole requests (cURL, raw HTTP, a paste with
// a part missing) and sees the fields filled, or told what could not be read.
import { createHmac } from 'node:crypto';
import type { FrameLocator, Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { runCommand, waitForQuickInput } from '../harness/workbench';
import { CAUSE_MESSAGES } from '../../src/core/diagnosis/causes';
import { debuggerFrame, setColorTheme, themeNamed } from './prakerja';

const KEY = 'sandbox-sign-key'; // the local sandbox's demo key: the debugger uses it when nothing is stored
const hmac = (message: string) => createHmac('sha1', KEY).update(message, 'utf8').digest('hex');

const OURS = {
  clientCode: 'CLIENT-CAUSES',
  timestamp: '1764583200',
  method: 'POST',
  endpoint: '/api/v1/integration/payment/void',
  extra: '',
  body: '{"invoice_code":"INV-CAUSES","transaction_code":"TRX-CAUSES"}',
};
/** What their program signed: json.dumps(data) with its default separators, and Unix time in milliseconds. */
const THEIRS = { ...OURS, timestamp: `${OURS.timestamp}123`, body: '{"invoice_code": "INV-CAUSES", "transaction_code": "TRX-CAUSES"}' };
const SEGMENTS = ['clientCode', 'timestamp', 'method', 'endpoint', 'body'] as const;
const SEGMENT_NAME: Record<(typeof SEGMENTS)[number], string> = { clientCode: 'client_code', timestamp: 'timestamp', method: 'method', endpoint: 'endpoint', body: 'body' };
const rawOf = (x: typeof OURS) => SEGMENTS.map((s) => x[s]).join('');

/** A sentence template of causes.ts as a pattern: its placeholders stand for any excerpt. */
const sentence = (template: string) => new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\d+\\\}/g, '.+')}$`);

async function open(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Prakerja: Open Signature Debugger');
  const frame = debuggerFrame(page);
  await frame.locator('#signature').filter({ hasText: /^[0-9a-f]{40}$/ }).waitFor({ timeout: 20_000 });
  return frame;
}

/** Types the request fields (and clears what is compared) and waits for our HMAC of them. */
async function fillOurs(frame: FrameLocator): Promise<void> {
  for (const id of ['theirSignature', 'theirRaw', 'theirBody', 'theirTimestamp', 'pasteRequest']) await frame.locator(`#${id}`).fill('');
  for (const [id, value] of Object.entries(OURS)) await frame.locator(`#${id}`).fill(value);
  await expect(frame.locator('#signature')).toHaveText(hmac(rawOf(OURS)));
}


test.describe.serial('Signature debugger: causes and pasted requests', () => {
  // The suites that follow expect a workbench without the debugger (opening it again would show its fresh state only
  // after the one left here).
  test.afterAll(async ({ workbench }) => {
    await runCommand(workbench.page, 'View: Close All Editors');
    await expect(workbench.page.locator('iframe.webview.ready')).toHaveCount(0);
  });

  test('two mistakes at once: both causes, a sentence each, and the reproduced raw_signature marked where it differs', async ({ page, shot }) => {
    const frame = await open(page);
    await frame.locator('#invisibles').uncheck();
    await fillOurs(frame);
    await frame.locator('#theirSignature').fill(hmac(rawOf(THEIRS)));

    const findings = frame.locator('#findings li');
    await expect(findings).toHaveCount(2);
    await expect(frame.locator('#verdict')).toHaveClass(/\bmismatch\b/);
    const causes = await findings.evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.finding));
    expect(causes.sort()).toEqual(['body.python', 'timestamp.milliseconds']);
    // One sentence each: what was signed, what was sent, what to change.
    const python = frame.locator('#findings li[data-finding="body.python"]');
    await expect(python).toHaveText(sentence(CAUSE_MESSAGES.pythonSigned));
    await expect(python).toContainText('"invoice_code": "INV-CAUSES"');
    const milliseconds = frame.locator('#findings li[data-finding="timestamp.milliseconds"]');
    await expect(milliseconds).toHaveText(sentence(CAUSE_MESSAGES.millisecondsSigned));
    await expect(milliseconds).toContainText(THEIRS.timestamp);
    await expect(milliseconds).toContainText(OURS.timestamp);

    // The reproduced string is exactly what their program signed, and differs from ours in the marked segments only.
    const reproduced = frame.locator('#reproduced');
    await expect(frame.locator('#reproducedLabel')).toBeVisible();
    await expect(reproduced).toHaveText(rawOf(THEIRS));
    const segments = await reproduced.locator('span.seg').evaluateAll((spans) =>
      spans.map((span) => ({ name: (span as HTMLElement).dataset.segment, text: span.textContent, differs: span.classList.contains('differs') })),
    );
    expect(segments).toEqual(SEGMENTS.map((s) => ({ name: SEGMENT_NAME[s], text: THEIRS[s], differs: THEIRS[s] !== OURS[s] })));
    expect(segments.filter((s) => s.differs).map((s) => s.name)).toEqual(['timestamp', 'body']);
    // Ours, as shown above it, is what the unmarked segments repeat.
    await expect(frame.locator('#raw')).toHaveText(rawOf(OURS));

    await frame.locator('#verdict').scrollIntoViewIfNeeded();
    await setColorTheme(page, themeNamed('Light Modern'), debuggerFrame(page));
    await expect(frame.locator('#reproduced span.seg.differs')).toHaveCount(2);
    await shot('debugger-causes-light');
    await setColorTheme(page, themeNamed('Dark Modern'), debuggerFrame(page));
    await expect(frame.locator('#reproduced span.seg.differs')).toHaveCount(2);
    await shot('debugger-causes-dark');
  });

  test('a pasted cURL command fills every field', async ({ page }) => {
    const frame = debuggerFrame(page);
    await fillOurs(frame);
    const signature = 'a'.repeat(40);
    const body = '{"invoice_code":"INV-CURL","transaction_code":"TRX-CURL"}';
    await frame.locator('#pasteRequest').fill(
      [
        "curl -X POST 'https://api.prakerja.go.id/api/v1/integration/payment/status' \\",
        "  -H 'Content-Type: application/json' \\",
        "  -H 'client_code: CLIENT-CURL' \\",
        `  -H 'signature: ${signature}' \\`,
        "  -H 'timestamp: 1764583201' \\",
        `  --data-raw '${body}'`,
      ].join('\n'),
    );
    await frame.locator('#fillFromPaste').click();
    await expect(frame.locator('#pasteMessage')).toHaveText('Filled in from the pasted request.');
    await expect(frame.locator('#theirSignature')).toHaveValue(signature);
    await expect(frame.locator('#timestamp')).toHaveValue('1764583201');
    await expect(frame.locator('#clientCode')).toHaveValue('CLIENT-CURL');
    await expect(frame.locator('#method')).toHaveValue('POST');
    await expect(frame.locator('#endpoint')).toHaveValue('/api/v1/integration/payment/status');
    await expect(frame.locator('#body')).toHaveValue(body);
    // The debugger now signs the pasted request.
    await expect(frame.locator('#signature')).toHaveText(hmac(`CLIENT-CURL1764583201POST/api/v1/integration/payment/status${body}`));
  });

  test('a pasted raw HTTP request fills every field', async ({ page }) => {
    const frame = debuggerFrame(page);
    await fillOurs(frame);
    const signature = 'b'.repeat(40);
    const body = '{"invoice_code":"INV-HTTP","transaction_code":"TRX-HTTP"}';
    await frame.locator('#pasteRequest').fill(
      [
        'POST /api/v1/integration/payment/void HTTP/1.1',
        'Host: api.prakerja.go.id',
        'Content-Type: application/json',
        'client_code: CLIENT-HTTP',
        `signature: ${signature}`,
        'timestamp: 1764583202',
        '',
        body,
      ].join('\r\n'),
    );
    await frame.locator('#fillFromPaste').click();
    await expect(frame.locator('#pasteMessage')).toHaveText('Filled in from the pasted request.');
    await expect(frame.locator('#theirSignature')).toHaveValue(signature);
    await expect(frame.locator('#timestamp')).toHaveValue('1764583202');
    await expect(frame.locator('#clientCode')).toHaveValue('CLIENT-HTTP');
    await expect(frame.locator('#method')).toHaveValue('POST');
    await expect(frame.locator('#endpoint')).toHaveValue('/api/v1/integration/payment/void');
    await expect(frame.locator('#body')).toHaveValue(body);
  });

  test('a paste missing a part names what could not be read and leaves that field as it was', async ({ page }) => {
    const frame = debuggerFrame(page);
    await fillOurs(frame);
    const body = '{"invoice_code":"INV-PART","transaction_code":"TRX-PART"}';
    // Header lines from a log: no signature header and no request line (so no path).
    await frame.locator('#pasteRequest').fill(['client_code: CLIENT-PART', 'timestamp: 1764583203', '', body].join('\n'));
    await frame.locator('#fillFromPaste').click();
    await expect(frame.locator('#pasteMessage')).toHaveText('Could not read signature, endpoint from the pasted request; those fields are unchanged.');
    await expect(frame.locator('#clientCode')).toHaveValue('CLIENT-PART');
    await expect(frame.locator('#timestamp')).toHaveValue('1764583203');
    await expect(frame.locator('#body')).toHaveValue(body);
    await expect(frame.locator('#endpoint')).toHaveValue(OURS.endpoint);
    await expect(frame.locator('#theirSignature')).toHaveValue('');
  });
});
