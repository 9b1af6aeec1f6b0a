// Sends any signed request (a Void, a request from the palette or the debugger, a replay) the way a careful person
// would: credentials checked, production confirmed, one request per target and body at a time, cancellable, and
// every outcome written to the output and the history. The one code path for every request the extension sends.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { entryFromOutcome, entrySubject, pendingEntry } from '../../core/history/records';
import { type HistoryEntry } from '../../core/history/schema';
import { describeOutcome, formatReport, pointsAtSignature, type Severity } from '../../core/outcomeText';
import { bodyCodes, guardKey, isVoidEndpoint, shortEndpoint, type SignedRequestSpec } from '../../core/signedRequest/endpoints';
import { buildSignedRequest, VOID_ENDPOINT } from '../../core/signing/request';
import type { Outcome } from '../../core/http/client';
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

/** What a send ended with: the history entry, and the outcome as sent (for a panel that shows it). */
export interface SendResult {
  entry: HistoryEntry;
  outcome: Outcome;
  described: { severity: Severity; sentence: string };
}

/** A modal question; resolves true when the person chose `button`. */
export type Confirm = (question: { message: string; detail: string; button: string }) => Promise<boolean>;

const modalConfirm: Confirm = async ({ message, detail, button }) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

/** The Void body of two codes, as it has always been signed. */
export function voidSpec(codes: { invoiceCode: string; transactionCode: string }): SignedRequestSpec {
  return { method: 'POST', endpoint: VOID_ENDPOINT, body: JSON.stringify({ invoice_code: codes.invoiceCode, transaction_code: codes.transactionCode }) };
}

export class RequestRunner {
  private readonly inFlight = new Set<string>();
  /** Answers the production confirmation instead of the modal dialog: set only by the test host's API (testApi.ts). */
  testConfirm: Confirm | undefined;

  constructor(private readonly services: Services) {}

  /** Resolves to the history entry of the outcome, or undefined when nothing was sent. */
  async voidTransaction(environment: EnvironmentId, codes: { invoiceCode: string; transactionCode: string }, options: RunOptions = {}): Promise<HistoryEntry | undefined> {
    return (await this.send(environment, voidSpec(codes), options))?.entry;
  }

  /** Signs `spec` with the environment's stored credentials and a fresh timestamp and sends it; undefined when nothing was sent. */
  async send(environment: EnvironmentId, spec: SignedRequestSpec, options: RunOptions = {}): Promise<SendResult | undefined> {
    const { services } = this;
    const label = environmentLabel(environment);
    const isVoid = isVoidEndpoint(spec.endpoint);
    const codes = bodyCodes(spec.body);
    const code = (name: string) => codes.find(([n]) => n === name)?.[1] ?? '';
    const key = guardKey(environment, spec);
    if (this.inFlight.has(key)) {
      void vscode.window.showWarningMessage(
        isVoid
          ? t('A void of {0} on {1} is already in progress; wait for it or cancel it first.', code('transaction_code'), label)
          : t('The same request to {0} on {1} is already in progress; wait for it or cancel it first.', spec.endpoint, label),
      );
      return undefined;
    }
    // Claimed before any await, so a second trigger during the confirmation is refused too.
    this.inFlight.add(key);
    try {
      const settings = services.settings;
      // The local sandbox starts while the credentials are read (a round trip to the window), not after.
      const sandboxStarting = environment === 'local' ? services.sandbox.ensureStarted(settings.localSandboxPort) : undefined;
      sandboxStarting?.catch(() => undefined); // reported below, where it is awaited
      const credentials = await (options.credentials ?? services.credentials.get(environment));
      if (!credentials) {
        const set = t('Set Credentials');
        const choice = await vscode.window.showWarningMessage(
          isVoid ? t('No credentials are stored for {0}. Set them now to send this void.', label) : t('No credentials are stored for {0}. Set them now to send this request.', label),
          set,
        );
        if (choice !== set) return undefined;
        const stored = await vscode.commands.executeCommand<boolean>(COMMAND_SET_CREDENTIALS, environment);
        if (!stored) return undefined;
        this.inFlight.delete(key);
        return this.send(environment, spec, { ...options, credentials: undefined });
      }
      // Confirmed by where it goes too: a sandbox base URL pointing at the production host is production.
      const remoteUrl = environment === 'local' ? undefined : remoteBaseUrl(environment, settings);
      if (environment === 'production' || (remoteUrl !== undefined && sameHost(remoteUrl, settings.productionBaseUrl))) {
        const confirmed = await (this.testConfirm ?? modalConfirm)(
          isVoid
            ? {
                message: t('Void this transaction in Production?'),
                detail: t('Environment: {0} ({1})\ninvoice_code: {2}\ntransaction_code: {3}\n\nA void cannot be undone.', label, remoteUrl ?? '', code('invoice_code'), code('transaction_code')),
                button: t('Void in Production'),
              }
            : {
                message: t('Send this request to Production?'),
                detail: t(
                  'Environment: {0} ({1})\nRequest: {2} {3}\n{4}\n\nThe live API acts on it; this cannot be undone.',
                  label,
                  remoteUrl ?? '',
                  spec.method.toUpperCase(),
                  spec.endpoint,
                  codes.length ? codes.map(([name, value]) => `${name}: ${value}`).join('\n') : t('The body carries no codes.'),
                ),
                button: t('Send to Production'),
              },
        );
        if (!confirmed) return undefined;
      }
      let baseUrl: string;
      try {
        baseUrl = remoteUrl ?? (await sandboxStarting)!;
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      const client = services.http.get(settings);
      const short = shortEndpoint(spec.endpoint);
      const title = isVoid
        ? options.replay
          ? t('Replaying the void of {0} on {1}…', code('transaction_code'), label)
          : t('Voiding {0} on {1}…', code('transaction_code'), label)
        : options.replay
          ? t('Replaying {0} on {1}…', short, label)
          : t('Sending {0} to {1}…', short, label);

      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (_progress, token): Promise<SendResult> => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          const id = randomUUID();
          const sent = buildSignedRequest({
            target: { id: environment, baseUrl },
            credentials,
            method: spec.method,
            endpoint: spec.endpoint,
            body: spec.body,
            nowMs: Date.now(),
            ...(spec.extra ? { extra: spec.extra } : {}),
          });
          services.history.inFlight.add(id);
          try {
            // A pending record first: should the window die mid-request, the history still shows this request.
            // Named by this window's session, so other windows tell it from one whose window died.
            const session = await services.history.session();
            await services.history.put(pendingEntry(id, sent, new Date().toISOString(), session)).catch(() => undefined);
            // Should it reach the local sandbox (Local, or another environment pointed at it), it is listed there as
            // this extension's own, and its outcome is notified only here.
            const ownDone = services.sandboxRequests.expectOwn(sent);
            const outcome = await client.send(sent, controller.signal).finally(ownDone);
            services.output.appendLine(formatReport(outcome, label, t));
            services.output.appendLine('');
            const entry = entryFromOutcome(id, outcome);
            await services.history.put(entry).catch((error: unknown) => {
              services.output.appendLine(t('Could not write the request history: {0}', String(error)));
            });
            return { entry, outcome, described: describeOutcome(outcome, t) };
          } finally {
            services.history.inFlight.delete(id);
            cancel.dispose();
          }
        },
      );
      if (options.notify !== false) void this.notify(result.entry, result.described);
      return result;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async notify(entry: HistoryEntry, described: { severity: string; sentence: string }): Promise<void> {
    const showOutput = t('Show Output');
    const openDebugger = t('Open Signature Debugger');
    const message = `${entrySubject(entry)}: ${described.sentence}`;
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
      // The toasts of earlier requests would cover the report's last lines ("Next step"): hidden, as Escape hides
      // them, they stay in the Notification Center (the bell).
      await vscode.commands.executeCommand('notifications.hideToasts').then(undefined, () => undefined);
      this.services.output.show(true);
    }
    if (choice === openDebugger) await vscode.commands.executeCommand(COMMAND_OPEN_DEBUGGER, entry.id);
  }
}
