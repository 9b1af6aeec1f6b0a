// The Request History view and its commands: item actions (replay, debugger, details, response, cURL, delete) and
// view actions (filter, refresh, clear).
import * as vscode from 'vscode';
import { toCurl } from '../../core/signing/request';
import { checkCode } from '../../core/schemas';
import { entryEndpoint } from '../../core/history/schema';
import { DOCUMENTED_ENDPOINTS, isVoidEndpoint, sendableIssue, shortEndpoint } from '../../core/signedRequest/endpoints';
import type { HistoryFilter, OutcomeFilter } from '../../core/history/groups';
import { debuggerPanel } from '../debugger/debuggerBundle';
import { ENVIRONMENT_IDS, environmentLabel, isEnvironmentId } from '../../platform/environments';
import { HistoryDocumentProvider } from './historyDocuments';
import type { HistoryTreeProvider } from './historyView';
import { onDidChangeLanguage, t } from '../../platform/l10n';
import type { FeatureContext, Handler, Handlers } from '../../platform/handlers';
import type { Services } from '../../platform/services';

const OUTCOME_FILTERS: OutcomeFilter[] = ['success', 'apiError', 'fault'];

function outcomeFilterLabel(outcome: OutcomeFilter): string {
  return outcome === 'success' ? t('Succeeded') : outcome === 'apiError' ? t('Refused by the API') : t('Network or server fault');
}

/** Resolves a command argument (an entry id, or a tree node) to a fully checked history entry. */
export async function entryOf(services: Services, arg: unknown) {
  const id = typeof arg === 'string' ? arg : (arg as { entry?: { id?: string } } | undefined)?.entry?.id;
  const entry = id ? await services.history.get(id) : undefined;
  if (!entry) void vscode.window.showWarningMessage(t('That history entry no longer exists.'));
  return entry;
}

/**
 * The history view's commands, for the tree view `view` (created at activation) shown by `tree`. Returns the
 * handlers by command id; the activation code registers them.
 */
export function historyHandlers(
  { context, services, runner }: FeatureContext,
  tree: HistoryTreeProvider,
  view: { description?: string | undefined; message?: string | undefined },
): Handlers {
  const applyFilter = (filter: HistoryFilter) => {
    tree.setFilter(filter);
    const parts = [...(filter.environments ?? []).map(environmentLabel), ...(filter.outcomes ?? []).map(outcomeFilterLabel), ...(filter.endpoints ?? []).map(shortEndpoint)];
    // The description is hidden when the view is alone in its container; the message always shows.
    view.description = parts.length ? t('Filter: {0}', parts.join(' · ')) : undefined;
    view.message = parts.length ? t('Showing only: {0}', parts.join(' · ')) : undefined;
    void vscode.commands.executeCommand('setContext', 'prakerja.historyFiltered', parts.length > 0);
  };
  // The filter's words are in the view's title area: written again in the new language.
  context.subscriptions.push(onDidChangeLanguage(() => applyFilter(tree.currentFilter)));
  const entry = (arg: unknown) => entryOf(services(), arg);
  const handlers: Handlers = {};
  const register = (id: string, handler: Handler) => (handlers[id] = handler);

  register('prakerja.history.replay', async (arg?: unknown) => {
    const found = await entry(arg);
    if (!found || !isEnvironmentId(found.environment)) return undefined;
    if (isVoidEndpoint(entryEndpoint(found)) && found.invoiceCode !== undefined && found.transactionCode !== undefined) {
      // The codes come from a file: checked again as if typed.
      const invoice = checkCode('invoice_code', found.invoiceCode, t);
      const transaction = checkCode('transaction_code', found.transactionCode, t);
      if (!invoice.ok || !transaction.ok) return void vscode.window.showErrorMessage(invoice.ok ? (transaction as { message: string }).message : invoice.message);
      return runner().voidTransaction(found.environment, { invoiceCode: invoice.value, transactionCode: transaction.value }, { replay: true });
    }
    // Any other request: the same method, path, body and extra segment (sent as Authorization), signed afresh. The
    // record comes from a file: checked again before it goes on the wire.
    const { method, endpoint, body, headers } = found.request;
    const issue = sendableIssue({ method, endpoint });
    if (issue) return void vscode.window.showErrorMessage(t(issue));
    const extra = headers.authorization;
    return (await runner().send(found.environment, { method, endpoint, body, ...(extra ? { extra } : {}) }, { replay: true }))?.entry;
  });
  register('prakerja.history.openInDebugger', async (arg?: unknown) => {
    const found = await entry(arg);
    if (found) await debuggerPanel().show(services(), context.extensionUri, found);
  });
  register('prakerja.history.showResponse', async (arg?: unknown) => {
    const found = await entry(arg);
    if (!found) return;
    if (!found.response) return void vscode.window.showInformationMessage(t('This request got no response to show.'));
    await vscode.window.showTextDocument(HistoryDocumentProvider.uri(found, 'response'), { preview: true });
  });
  register('prakerja.history.showDetails', async (arg?: unknown) => {
    const found = await entry(arg);
    if (found) await vscode.window.showTextDocument(HistoryDocumentProvider.uri(found, 'details'), { preview: true });
  });
  register('prakerja.history.copyAsCurl', async (arg?: unknown) => {
    const found = await entry(arg);
    if (!found) return undefined;
    const curl = toCurl(found.request);
    await vscode.env.clipboard.writeText(curl);
    void vscode.window.showInformationMessage(t('cURL command copied (without the sign_key).'));
    return curl;
  });
  register('prakerja.history.delete', async (arg?: unknown) => {
    const found = await entry(arg);
    if (found) await services().history.remove(found.id);
  });
  register('prakerja.history.refresh', () => tree.refresh());
  register('prakerja.history.showMore', (day?: unknown) => (typeof day === 'string' ? tree.showMore(day) : undefined));
  register('prakerja.history.filter', async (filter?: unknown) => {
    // View-title buttons pass the focused tree item: only an object with filter lists is a filter.
    if (filter && typeof filter === 'object' && !('type' in filter) && ('environments' in filter || 'outcomes' in filter || 'endpoints' in filter)) return applyFilter(filter as HistoryFilter);
    const current = tree.currentFilter;
    // The endpoints the history holds (a record from before other endpoints could be sent is a Void), then the
    // documented ones it does not.
    const seen = [...new Set((await services().history.all()).map((r) => entryEndpoint(r)))];
    const endpoints = [...seen.filter((e) => DOCUMENTED_ENDPOINTS.includes(e)), ...seen.filter((e) => !DOCUMENTED_ENDPOINTS.includes(e)).sort()];
    type Item = vscode.QuickPickItem & { environment?: string; outcome?: OutcomeFilter; endpoint?: string };
    const items: Item[] = [
      { label: t('Environment'), kind: vscode.QuickPickItemKind.Separator },
      ...ENVIRONMENT_IDS.map((e) => ({ label: environmentLabel(e), picked: current.environments?.includes(e) ?? false, environment: e })),
      { label: t('Outcome'), kind: vscode.QuickPickItemKind.Separator },
      ...OUTCOME_FILTERS.map((o) => ({ label: outcomeFilterLabel(o), picked: current.outcomes?.includes(o) ?? false, outcome: o })),
      { label: t('Endpoint'), kind: vscode.QuickPickItemKind.Separator },
      ...endpoints.map((e) => ({ label: shortEndpoint(e), description: e, picked: current.endpoints?.includes(e) ?? false, endpoint: e })),
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: t('Show only requests that match (none selected: show all)') });
    if (!picked) return;
    applyFilter({
      environments: picked.flatMap((i) => (i.environment ? [i.environment] : [])),
      outcomes: picked.flatMap((i) => (i.outcome ? [i.outcome] : [])),
      endpoints: picked.flatMap((i) => (i.endpoint ? [i.endpoint] : [])),
    });
  });
  register('prakerja.history.clearFilter', () => applyFilter({}));
  register('prakerja.history.clear', async () => {
    const clear = t('Clear History');
    const choice = await vscode.window.showWarningMessage(t('Delete every entry of the request history?'), { modal: true, detail: t('This cannot be undone.') }, clear);
    if (choice === clear) await services().history.clear();
    return choice === clear;
  });
  return handlers;
}
