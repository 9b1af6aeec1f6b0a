// The Sandbox Requests view's commands: show a request, open it in the Signature Debugger exactly as received, copy
// it as cURL, clear the list.
import * as vscode from 'vscode';
import { confirmedByTest } from '../../core/commandArguments';
import { bodyText, receivedAsCurl, requestPath, type ReceivedRequest } from '../../core/sandboxRequests';
import { debuggerPanel } from '../debugger/debuggerBundle';
import { debugStateSchema, type DebugState } from '../debugger/protocol';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { COMMAND_OPEN_RECEIVED_IN_DEBUGGER } from '../../platform/ids';
import { t } from '../../platform/l10n';
import { SandboxRequestDocumentProvider } from './sandboxRequestsDocuments';

/** The debugger's fields filled with what the program sent: its signature, timestamp, client_code, path and body. */
export function debugStateOf(record: ReceivedRequest): DebugState {
  const body = bodyText(record) ?? '';
  const timestamp = record.headers.timestamp ?? '';
  return {
    environment: 'local',
    clientCode: record.headers.client_code ?? '',
    timestamp,
    method: record.method,
    endpoint: requestPath(record),
    body,
    extra: '',
    theirSignature: record.headers.signature ?? '',
    theirRaw: '',
    // What was sent, so the debugger, like the sandbox, looks for what was signed instead.
    theirBody: body,
    theirTimestamp: timestamp,
  };
}

/** `onSeen` is called when the user has looked at the list (a request opened, the list cleared): the badge resets. */
export function sandboxRequestsHandlers({ context, services }: FeatureContext, onSeen: () => void = () => undefined): Handlers {
  /** A row's record, or the one its id names (commands run from a row get the record; tests may pass an id). */
  const findRecord = async (arg: unknown): Promise<ReceivedRequest | undefined> => {
    const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
    if (id === undefined) return (await services().sandboxRequests.list())[0];
    return services().sandboxRequests.get(id);
  };
  return {
    'prakerja.sandboxRequests.open': async (arg?: unknown) => {
      const record = await findRecord(arg);
      if (!record) return undefined;
      onSeen();
      const uri = SandboxRequestDocumentProvider.uri(record);
      await vscode.window.showTextDocument(uri, { preview: true });
      return uri.toString();
    },
    [COMMAND_OPEN_RECEIVED_IN_DEBUGGER]: async (arg?: unknown) => {
      const record = await findRecord(arg);
      if (!record) {
        const given = arg !== undefined;
        return void vscode.window.showInformationMessage(given ? t('This request is no longer in the list.') : t('The local sandbox has received no request yet.'));
      }
      const state = debugStateOf(record);
      const fits = debugStateSchema.safeParse(state);
      if (!fits.success) {
        const fields = [...new Set(fits.error.issues.map((issue) => String(issue.path[0])))].join(', ');
        void vscode.window.showWarningMessage(t('This request does not fit the Signature Debugger ({0} longer than it takes); Show Request has all of it.', fields));
        return false;
      }
      await debuggerPanel().show(services(), context.extensionUri, { state: fits.data });
      return true;
    },
    'prakerja.sandboxRequests.copyAsCurl': async (arg?: unknown) => {
      const record = await findRecord(arg);
      if (!record) return undefined;
      const { sandbox, settings } = services();
      // Where the sandbox is, or will be; with a free port chosen at each start, it is not known until it runs.
      const curl = receivedAsCurl(record, sandbox.url ?? `http://127.0.0.1:${settings.localSandboxPort || '<port>'}`);
      await vscode.env.clipboard.writeText(curl);
      void vscode.window.showInformationMessage(t('The request was copied as a cURL command.'));
      return curl;
    },
    'prakerja.sandboxRequests.clear': async (arg?: unknown) => {
      const store = services().sandboxRequests;
      const count = (await store.list()).length;
      if (count === 0) return true;
      if (!confirmedByTest(arg, context.extensionMode === vscode.ExtensionMode.Test)) {
        const clear = t('Clear Sandbox Requests');
        const choice = await vscode.window.showWarningMessage(
          t('Remove the {0} requests the local sandbox received from the list?', count),
          { modal: true, detail: t('This cannot be undone. The sandbox keeps running, and the Request History is not touched.') },
          clear,
        );
        if (choice !== clear) return false;
      }
      try {
        await store.clear();
      } catch (error) {
        void vscode.window.showErrorMessage(t('The Sandbox Requests list could not be cleared, and keeps every request: {0}', error instanceof Error ? error.message : String(error)));
        return false;
      }
      onSeen();
      return true;
    },
  };
}
