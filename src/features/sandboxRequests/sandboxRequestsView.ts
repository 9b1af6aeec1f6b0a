// The "Sandbox Requests" view: every request the local sandbox received, newest first, one row each: time, method
// and path; status, code and, for a refused signature, its cause in a few words.
import * as vscode from 'vscode';
import { isSignatureRefusal, requestPath, type ReceivedRequest } from '../../core/sandboxRequests';
import { SANDBOX_CODES } from '../../core/errorCatalog';
import type { Cause } from '../../core/diagnosis/causes';
import { locale, t } from '../../platform/l10n';
import type { SandboxRequestsStore } from './sandboxRequestsStore';

/** A few words per cause of a refused signature (the full sentence is in the row's tooltip and document). */
export function causeLabel(cause: string): string {
  // Every cause of the vocabulary has its words (a new cause without them does not compile).
  const labels: Record<Cause, string> = {
    'body.python': t("Python's json.dumps spacing"),
    'body.php': t("PHP's json_encode escaping"),
    'body.go': t("Go's json.Marshal escaping"),
    'body.keyOrder': t('body keys in another order'),
    'body.emptyArray': t('empty array or object written differently'),
    'body.whitespace': t('body spacing differs'),
    'body.types': t('number or string types differ'),
    'body.handBuilt': t('hand-built body differs'),
    'body.signedNotSent': t('signed body is not the one sent'),
    'timestamp.milliseconds': t('timestamp in milliseconds'),
    'timestamp.skew': t('signed another timestamp'),
    'method.lowercase': t('method in lower case'),
    'endpoint.fullUrl': t('signed the full URL'),
    'endpoint.sentPath': t('signed another path'),
    'endpoint.other': t('signed another endpoint'),
    'clientCode.other': t("another client's key"),
    'key.whitespace': t('whitespace around the key'),
    charset: t('body encoding differs'),
    'output.upperHex': t('signature in upper case'),
    'output.base64': t('signature in Base64'),
    'output.sha256': t('HMAC-SHA256 instead of HMAC-SHA1'),
    'output.plainSha1': t('SHA-1 without the key'),
    'output.swapped': t('key and message swapped'),
    'order.segments': t('parts in another order'),
  };
  return (labels as Record<string, string | undefined>)[cause] ?? cause;
}

/** The causes of a refused signature in a few words, or why none is named. */
export function causeSummary(record: ReceivedRequest): string {
  if (record.diagnosisSkipped) return t('not diagnosed (sandbox busy)');
  if (!record.diagnosis.length) return t('cause not found');
  // "Signed body is not the one sent" goes with every body mistake; in a few words the mistake itself says it.
  const named = record.diagnosis.filter((d) => d.cause !== 'body.signedNotSent');
  const shown = named.some((d) => d.cause.startsWith('body.')) ? named : record.diagnosis;
  return shown.map((d) => causeLabel(d.cause)).join(' + ');
}

/** A row's label, the outcome first (a narrow side bar cuts the end of a row): status, then the cause or the code. */
export function rowLabel(record: ReceivedRequest): string {
  const what = isSignatureRefusal(record)
    ? causeSummary(record)
    : record.code === SANDBOX_CODES.notSimulated
      ? t('signature accepted, endpoint not simulated')
      : (record.code ?? (record.status < 400 ? t('accepted') : undefined));
  return what ? `${record.status} · ${what}` : String(record.status);
}

/** The time received, with the date too when it was not today (the list outlives a day). */
const timeOf = (record: ReceivedRequest, now = new Date()) => {
  const at = new Date(record.at);
  const time = at.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString(locale(), { day: 'numeric', month: 'short' })} ${time}`;
};

/** What tells rows apart, beside the label: method and path (the integration prefix left out), time, who sent it. */
export function rowDescription(record: ReceivedRequest): string {
  const path = requestPath(record).replace(/^\/api\/v1\/integration(?=\/)/, '…');
  return [`${record.method} ${path}`, timeOf(record), ...(record.fromExtension ? [t('sent from VS Code')] : [])].join(' · ');
}

/** What a screen reader says for a row: the outcome, the whole path, the time, who sent it. */
export function rowAccessibleLabel(record: ReceivedRequest): string {
  return [rowLabel(record), `${record.method} ${requestPath(record)}`, timeOf(record), ...(record.fromExtension ? [t('sent from VS Code')] : [])].join(', ');
}

export class SandboxRequestsTreeProvider implements vscode.TreeDataProvider<ReceivedRequest>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ReceivedRequest | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Subscribed on the first read, so creating the provider creates no services. */
  private subscription: vscode.Disposable | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly store: () => SandboxRequestsStore) {}

  /** Under a flood the tree is refreshed at most every 100 ms, so the window stays responsive. */
  private refreshSoon(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.changed.fire(undefined);
    }, 100);
  }

  async getChildren(node?: ReceivedRequest): Promise<ReceivedRequest[]> {
    if (node) return [];
    this.subscription ??= this.store().onDidChange(() => this.refreshSoon());
    return [...(await this.store().list())];
  }

  getTreeItem(record: ReceivedRequest): vscode.TreeItem {
    const item = new vscode.TreeItem(rowLabel(record), vscode.TreeItemCollapsibleState.None);
    item.id = record.id;
    item.description = rowDescription(record);
    // A signature accepted on an endpoint the sandbox does not simulate is a pass for the signature.
    const ok = record.status < 400 || record.code === SANDBOX_CODES.notSimulated;
    item.iconPath = new vscode.ThemeIcon(ok ? 'pass' : isSignatureRefusal(record) ? 'key' : 'error', new vscode.ThemeColor(ok ? 'testing.iconPassed' : 'testing.iconFailed'));
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${record.method} ${record.url} → ${record.status}${record.code ? ` ${record.code}` : ''}`);
    for (const d of record.diagnosis) tooltip.appendMarkdown('\n\n').appendText(d.message);
    if (record.diagnosisSkipped) tooltip.appendMarkdown('\n\n').appendText(t('The sandbox was diagnosing too many requests at once to look for this one\'s cause: Open in Signature Debugger finds it.'));
    if (record.fromExtension) tooltip.appendMarkdown('\n\n').appendText(t('Sent from VS Code (a Void from the palette or the Request History, whose outcome is there too).'));
    if (!record.diagnosis.length && record.status >= 400 && record.message) tooltip.appendMarkdown('\n\n').appendText(record.message);
    item.tooltip = tooltip;
    item.contextValue = record.body !== undefined && record.headers.signature !== undefined ? 'sandboxRequest sandboxRequestSigned' : 'sandboxRequest';
    item.command = { command: 'prakerja.sandboxRequests.open', title: t('Show Request'), arguments: [record] };
    item.accessibilityInformation = { label: rowAccessibleLabel(record) };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription?.dispose();
    this.changed.dispose();
  }
}
