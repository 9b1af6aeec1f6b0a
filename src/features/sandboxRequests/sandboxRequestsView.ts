// The "Sandbox Requests" view: every request the local sandbox received, newest first, one row each: time, method
// and path; status, code and, for a refused signature, its cause in a few words.
import * as vscode from 'vscode';
import { isSignatureRefusal, requestPath, type ReceivedRequest } from '../../core/sandboxRequests';
import { SANDBOX_CODES } from '../../core/errorCatalog';
import { t } from '../../platform/l10n';
import type { SandboxRequestsStore } from './sandboxRequestsStore';

/** A few words per cause of a refused signature (the full sentence is in the row's tooltip and document). */
export function causeLabel(cause: string): string {
  const labels: Record<string, string> = {
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
  return labels[cause] ?? cause;
}

/** What a row shows beside its label: status, code and the cause (or "cause not found"). */
export function rowDescription(record: ReceivedRequest): string {
  const parts = [String(record.status)];
  if (record.code) parts.push(record.code);
  if (isSignatureRefusal(record)) parts.push(record.diagnosis.length ? record.diagnosis.map((d) => causeLabel(d.cause)).join(' + ') : t('cause not found'));
  return parts.join(' · ');
}

export function rowLabel(record: ReceivedRequest): string {
  const time = new Date(record.at).toLocaleTimeString(undefined, { hour12: false });
  return `${time}  ${record.method} ${requestPath(record)}`;
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
    if (!record.diagnosis.length && record.status >= 400 && record.message) tooltip.appendMarkdown('\n\n').appendText(record.message);
    item.tooltip = tooltip;
    item.contextValue = record.body !== undefined && record.headers.signature !== undefined ? 'sandboxRequest sandboxRequestSigned' : 'sandboxRequest';
    item.command = { command: 'prakerja.sandboxRequests.open', title: t('Show Request'), arguments: [record] };
    item.accessibilityInformation = { label: `${rowLabel(record)}, ${item.description}` };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription?.dispose();
    this.changed.dispose();
  }
}
