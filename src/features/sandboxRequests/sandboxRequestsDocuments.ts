// A readable document for one request the sandbox received (`prakerja-sandbox-request:` Markdown): the request line,
// its headers, its body with invisible characters made visible, the verdict and the diagnosis. No key appears: the
// sandbox never receives one.
import * as vscode from 'vscode';
import { bodyBytes, isSignatureRefusal, showBytes, showInvisible, type ReceivedRequest } from '../../core/sandboxRequests';
import { t } from '../../platform/l10n';
import { SANDBOX_REQUEST_SCHEME } from '../../platform/ids';
import type { SandboxRequestsStore } from './sandboxRequestsStore';
import { causeLabel } from './sandboxRequestsView';

/** A fenced block that its content cannot close. */
function fence(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

/**
 * Text from the request (its URL, the sandbox's messages, which quote the body) as a code span: read as it is in
 * the editor, and rendered as text, never as a link or HTML, in a Markdown preview.
 */
function plain(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const ticks = '`'.repeat(Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${ticks} ${flat} ${ticks}`;
}

export function requestMarkdown(record: ReceivedRequest): string {
  const lines: string[] = [];
  lines.push(`# ${plain(`${record.method} ${record.url}`)}`, '');
  lines.push(t('Received {0}', new Date(record.at).toISOString()), '');
  if (record.fromExtension) lines.push(t('Sent from VS Code (a Void from the palette or the Request History, whose outcome is there too).'), '');
  lines.push(`## ${t('Verdict')}`, '');
  const verdict = record.status < 400 ? t('Accepted') : isSignatureRefusal(record) ? t('Signature refused') : t('Refused');
  lines.push(`**${verdict}**: ${record.status}${record.code ? ` ${record.code.replace(/[^\w-]/g, '')}` : ''}${record.message ? ` (${plain(record.message)})` : ''}`, '');
  if (isSignatureRefusal(record)) {
    lines.push(`## ${t('Diagnosis')}`, '');
    if (record.diagnosisSkipped) lines.push(t('The sandbox was diagnosing too many requests at once to look for this one\'s cause: Open in Signature Debugger finds it.'), '');
    else if (record.diagnosis.length === 0) lines.push(t('No single mistake (or pair of mistakes) turns this request into its signature: check the sign_key.'), '');
    for (const d of record.diagnosis) lines.push(`- **${causeLabel(d.cause).replace(/[\\`*_[\]<>]/g, '\\$&')}** (${d.cause.replace(/[^\w.]/g, '')}): ${plain(d.message)}`);
    lines.push('');
  }
  lines.push(`## ${t('Headers')}`, '');
  lines.push(t('Values with invisible characters made visible, as in the body below.'), '');
  lines.push(fence(Object.entries(record.headers).map(([name, value]) => `${name}: ${showInvisible(value)}`).join('\n')), '');
  lines.push(`## ${t('Body')}`, '');
  const bytes = bodyBytes(record);
  if (bytes === undefined) lines.push(t('Not read: the sandbox answered before reading it.'));
  else if (bytes.length === 0) lines.push(t('Empty.'));
  else {
    lines.push(t('{0} bytes as received; spaces are shown as ·, line ends as ↵, tabs as ⇥, other invisible characters by name, bytes that are not UTF-8 as [0xE9].', bytes.length), '');
    lines.push(fence(showBytes(bytes)));
  }
  lines.push('');
  return lines.join('\n');
}

export class SandboxRequestDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: () => SandboxRequestsStore) {}

  static uri(record: ReceivedRequest): vscode.Uri {
    // Short enough for a tab: the status, the method, the endpoint's last segments and the time received.
    const endpoint = (record.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(-2).join('-').replace(/[^\w.-]+/g, '_') || 'root';
    const name = `${record.status}-${record.method}-${endpoint}-${new Date(record.at).toISOString().slice(11, 19).replace(/:/g, '-')}`;
    return vscode.Uri.from({ scheme: SANDBOX_REQUEST_SCHEME, path: `/${name}.md`, query: record.id });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const record = await this.store().get(uri.query);
    return record ? requestMarkdown(record) : t('This request is no longer in the list.');
  }
}
