// Sends a void (new or replayed) the way a careful person would: credentials checked, production confirmed,
// one request per transaction at a time, cancellable, and every outcome written to the output and the history.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { entryFromOutcome, pendingEntry } from '../../core/history/records';
import { type HistoryEntry } from '../../core/history/schema';
import { describeOutcome, formatReport, pointsAtSignature } from '../../core/outcomeText';
import { buildVoidRequest } from '../../core/signing/request';
import type { Codes } from './codeInput';
import { environmentLabel, remoteBaseUrl, type EnvironmentId } from '../../platform/environments';
import { COMMAND_OPEN_DEBUGGER, COMMAND_SET_CREDENTIALS } from '../../platform/ids';
import { t } from '../../platform/l10n';
import type { Services } from '../../platform/services';
import type { StoredCredentials } from '../credentials/credentialStore';


export interface RunOptions {
  /** Set when replaying a history entry (used in titles). */
  replay?: boolean;
  /** Show the result notification (commands do; integration tests that call with arguments may turn it off). */
  notify?: boolean;
  /** The credentials, read while the user typed the codes (see readEarly); read here when absent. */
  credentials?: Promise<StoredCredentials | undefined>;
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

export class RequestRunner {
  private readonly inFlight = new Set<string>();

  constructor(private readonly services: Services) {}

  /** Resolves to the history entry of the outcome, or undefined when nothing was sent. */
  async voidTransaction(environment: EnvironmentId, codes: Codes, options: RunOptions = {}): Promise<HistoryEntry | undefined> {
    const { services } = this;
    const label = environmentLabel(environment);
    const guardKey = `${environment}\n${codes.transactionCode}`;
    if (this.inFlight.has(guardKey)) {
      void vscode.window.showWarningMessage(t('A void of {0} on {1} is already in progress; wait for it or cancel it first.', codes.transactionCode, label));
      return undefined;
    }
    // Claimed before any await, so a second trigger during the confirmation is refused too.
    this.inFlight.add(guardKey);
    try {
      const settings = services.settings;
      // The local sandbox starts while the credentials are read (a round trip to the window), not after.
      const sandboxStarting = environment === 'local' ? services.sandbox.ensureStarted(settings.localSandboxPort) : undefined;
      sandboxStarting?.catch(() => undefined); // reported below, where it is awaited
      const credentials = await (options.credentials ?? services.credentials.get(environment));
      if (!credentials) {
        const set = t('Set Credentials');
        const choice = await vscode.window.showWarningMessage(t('No credentials are stored for {0}. Set them now to send this void.', label), set);
        if (choice !== set) return undefined;
        const stored = await vscode.commands.executeCommand<boolean>(COMMAND_SET_CREDENTIALS, environment);
        if (!stored) return undefined;
        this.inFlight.delete(guardKey);
        return this.voidTransaction(environment, codes, { ...options, credentials: undefined });
      }
      // Confirmed by where it goes too: a sandbox base URL pointing at the production host is production.
      const remoteUrl = environment === 'local' ? undefined : remoteBaseUrl(environment, settings);
      if (environment === 'production' || (remoteUrl !== undefined && sameHost(remoteUrl, settings.productionBaseUrl))) {
        const confirm = t('Void in Production');
        const choice = await vscode.window.showWarningMessage(
          t('Void this transaction in Production?'),
          {
            modal: true,
            detail: t('Environment: {0} ({1})\ninvoice_code: {2}\ntransaction_code: {3}\n\nA void cannot be undone.', label, remoteUrl ?? '', codes.invoiceCode, codes.transactionCode),
          },
          confirm,
        );
        if (choice !== confirm) return undefined;
      }
      let baseUrl: string;
      try {
        baseUrl = remoteUrl ?? (await sandboxStarting)!;
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      const client = services.http.get(settings);
      const title = options.replay
        ? t('Replaying the void of {0} on {1}…', codes.transactionCode, label)
        : t('Voiding {0} on {1}…', codes.transactionCode, label);

      const entry = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (_progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          const id = randomUUID();
          const sent = buildVoidRequest({ id: environment, baseUrl }, credentials, codes, Date.now());
          // To the local sandbox (a Local void, or another environment pointed at it): its answer is told here.
          services.sandboxRequests.expectOwn(sent.signature);
          services.history.inFlight.add(id);
          try {
            // A pending record first: should the window die mid-request, the history still shows this void.
            // Named by this window's session, so other windows tell it from one whose window died.
            const session = await services.history.session();
            await services.history.put(pendingEntry(id, codes, sent, new Date().toISOString(), session)).catch(() => undefined);
            const outcome = await client.send(sent, controller.signal);
            services.output.appendLine(formatReport(outcome, label, t));
            services.output.appendLine('');
            const recorded = entryFromOutcome(id, codes, outcome);
            await services.history.put(recorded).catch((error: unknown) => {
              services.output.appendLine(t('Could not write the request history: {0}', String(error)));
            });
            return { recorded, described: describeOutcome(outcome, t) };
          } finally {
            services.history.inFlight.delete(id);
            cancel.dispose();
          }
        },
      );
      if (options.notify !== false) void this.notify(entry.recorded, entry.described);
      return entry.recorded;
    } finally {
      this.inFlight.delete(guardKey);
    }
  }

  private async notify(entry: HistoryEntry, described: { severity: string; sentence: string }): Promise<void> {
    const showOutput = t('Show Output');
    const openDebugger = t('Open Signature Debugger');
    const message = `${entry.transactionCode}: ${described.sentence}`;
    const show =
      described.severity === 'info'
        ? vscode.window.showInformationMessage
        : described.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showErrorMessage;
    // The debugger only where the cause may be the signature, the timestamp or the client: elsewhere it misleads.
    const status = entry.response?.status;
    const buttons = pointsAtSignature({ kind: entry.kind, code: entry.code, status }) ? [showOutput, openDebugger] : [showOutput];
    const choice = await show(message, ...buttons);
    if (choice === showOutput) {
      // The toasts of earlier voids would cover the report's last lines ("Next step"): hidden, as Escape hides them,
      // they stay in the Notification Center (the bell).
      await vscode.commands.executeCommand('notifications.hideToasts').then(undefined, () => undefined);
      this.services.output.show(true);
    }
    if (choice === openDebugger) await vscode.commands.executeCommand(COMMAND_OPEN_DEBUGGER, entry.id);
  }
}
