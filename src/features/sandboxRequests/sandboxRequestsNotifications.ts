// Tells the user when another program's request to the local sandbox had its signature refused: the first of a
// burst raises a notification naming every cause found, with "Open in Signature Debugger"; the rest of the burst is
// counted on the Sandbox Requests view's badge (RefusalGate decides which is which).
import * as vscode from 'vscode';
import { requestPath, type ReceivedRequest } from '../../core/sandboxRequests';
import { COMMAND_OPEN_RECEIVED_IN_DEBUGGER } from '../../platform/ids';
import { t } from '../../platform/l10n';
import type { SandboxRequestsStore } from './sandboxRequestsStore';

/** The notification's sentence: what was refused and why (every cause, each in its own sentence). */
export function refusalSentence(record: ReceivedRequest): string {
  const request = `${record.method} ${requestPath(record)}`;
  if (record.diagnosisSkipped) return t('The local sandbox refused the signature of {0}; it was too busy to look for the cause: open it in the Signature Debugger to find it.', request);
  if (record.diagnosis.length === 0) return t('The local sandbox refused the signature of {0}, and no single mistake (or pair of mistakes) explains it: check the sign_key.', request);
  return t('The local sandbox refused the signature of {0}: {1}', request, record.diagnosis.map((d) => d.message).join(' '));
}

export class SandboxRefusalNotifier implements vscode.Disposable {
  /** Notifications raised so far (the test API reports it). */
  raised = 0;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: SandboxRequestsStore,
    private readonly view: { badge?: vscode.ViewBadge | undefined },
    log: (line: string) => void,
  ) {
    this.subscription = store.onDidRefuseSignature(({ record, notify }) => {
      if (!notify) {
        const count = store.gate.counted;
        view.badge = { value: count, tooltip: t('{0} more refused signatures since the last notification', count) };
        return;
      }
      this.raised++;
      // A new notification: the badge counts from here ("since the last notification").
      this.resetBadge();
      const open = t('Open in Signature Debugger');
      vscode.window
        .showWarningMessage(refusalSentence(record), open)
        .then((choice) => (choice === open ? vscode.commands.executeCommand(COMMAND_OPEN_RECEIVED_IN_DEBUGGER, record.id) : undefined))
        .then(undefined, (error: unknown) => log(String(error)));
    });
  }

  /** The user looked at the view, cleared it, or a notification was raised: the badge starts again from zero. */
  resetBadge(): void {
    this.store.gate.resetCount();
    this.view.badge = undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
