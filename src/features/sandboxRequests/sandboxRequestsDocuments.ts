// A readable document for one request the sandbox received (`prakerja-sandbox-request:` Markdown): the request line,
// its headers, its body with invisible characters made visible, the verdict and the diagnosis. No key appears: the
// sandbox never receives one.
import * as vscode from 'vscode';
import { bodyBytes, isSignatureRefusal, showInvisible, type ReceivedRequest } from '../../core/sandboxRequests';
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

export function requestMarkdown(record: ReceivedRequest): string {
  const lines: string[] = [];
  lines.push(`# ${record.method} ${record.url.replace(/[\\`*_[\]<>#|]/g, '\\$&')}`, '');
  lines.push(t('Received {0}', new Date(record.at).toISOString()), '');
  if (record.fromExtension) lines.push(t('Sent from this VS Code window (its outcome is in the Request History too).'), '');
  lines.push(`## ${t('Verdict')}`, '');
  const verdict = record.status < 400 ? t('Accepted') : isSignatureRefusal(record) ? t('Signature refused') : t('Refused');
  lines.push(`**${verdict}**: ${record.status}${record.code ? ` ${record.code}` : ''}${record.message ? ` (${record.message})` : ''}`, '');
  if (isSignatureRefusal(record)) {
    lines.push(`## ${t('Diagnosis')}`, '');
    if (record.diagnosisSkipped) lines.push(t('The sandbox was diagnosing too many requests at once to look for this one\'s cause: Open in Signature Debugger finds it.'), '');
    else if (record.diagnosis.length === 0) lines.push(t('No single mistake (or pair of mistakes) turns this request into its signature: check the sign_key.'), '');
    for (const d of record.diagnosis) lines.push(`- **${causeLabel(d.cause)}** (\`${d.cause}\`): ${d.message}`);
    lines.push('');
  }
  lines.push(`## ${t('Headers')}`, '');
  lines.push(fence(Object.entries(record.headers).map(([name, value]) => `${name}: ${value}`).join('\n')), '');
  lines.push(`## ${t('Body')}`, '');
  const bytes = bodyBytes(record);
  if (bytes === undefined) lines.push(t('Not read: the sandbox answered before reading it.'));
  else if (bytes.length === 0) lines.push(t('Empty.'));
  else {
    lines.push(t('{0} bytes as received; spaces are shown as ·, line ends as ↵, tabs as ⇥, other invisible characters by name.', bytes.length), '');
    lines.push(fence(showInvisible(bytes.toString('utf8'))));
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
