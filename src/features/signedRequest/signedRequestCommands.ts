// "Prakerja: Send Signed Request": pick a documented endpoint (or type a path), edit its body in an untitled JSON
// editor that opens with a template or a recent body, and send it from the CodeLens above the body or the editor's
// title bar. Sending goes through the one runner (confirm, guard, cancel, output, history).
import * as vscode from 'vscode';
import { clip } from '../../core/outcomeText';
import {
  bodyTemplate,
  checkPath,
  compactBody,
  prettyBody,
  DOCUMENTED_ENDPOINTS,
  readRecentBodies,
  rememberBody,
  shortEndpoint,
  templateFields,
} from '../../core/signedRequest/endpoints';
import { activeEnvironment, environmentLabel, isEnvironmentId } from '../../platform/environments';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { onDidChangeLanguage, t } from '../../platform/l10n';

export const COMMAND_SEND_SIGNED_REQUEST = 'prakerja.sendSignedRequest';
export const COMMAND_SEND_DOCUMENT = 'prakerja.sendSignedRequest.send';
const RECENT_BODIES_KEY = 'prakerja.recentBodies';
/** Set while the active editor holds a request body opened by the command (its title bar then offers Send). */
const EDITOR_CONTEXT = 'prakerja.signedRequestEditor';

interface Target {
  method: string;
  endpoint: string;
}

/** The untitled editors the command opened, with the request each one is the body of. */
class RequestDocuments implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly targets = new Map<string, Target>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.changed,
      vscode.languages.registerCodeLensProvider({ scheme: 'untitled' }, this),
      vscode.workspace.onDidCloseTextDocument((document) => this.targets.delete(document.uri.toString())),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      // The lens names the environment and is in the extension's language: both may change.
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('prakerja.environment') && this.changed.fire()),
      onDidChangeLanguage(() => this.changed.fire()),
    );
  }

  track(uri: vscode.Uri, target: Target): void {
    this.targets.set(uri.toString(), target);
    this.changed.fire();
    this.updateContext();
  }

  get(uri: vscode.Uri): Target | undefined {
    return this.targets.get(uri.toString());
  }

  private updateContext(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    void vscode.commands.executeCommand('setContext', EDITOR_CONTEXT, uri !== undefined && this.targets.has(uri.toString()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const target = this.get(document.uri);
    if (!target) return [];
    const title = t('$(send) Send Signed Request: {0} {1} on {2}', target.method, target.endpoint, environmentLabel(activeEnvironment()));
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title, command: COMMAND_SEND_DOCUMENT, arguments: [document.uri] })];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

type EndpointItem = vscode.QuickPickItem & { endpoint?: string; typePath?: boolean };
type BodyItem = vscode.QuickPickItem & { body: string };

export function signedRequestHandlers({ context, runner }: FeatureContext): Handlers {
  let documents: RequestDocuments | undefined;
  // Registered the first time the command is used: activation registers nothing but the commands.
  const docs = () => {
    if (!documents) {
      documents = new RequestDocuments();
      context.subscriptions.push(documents);
    }
    return documents;
  };
  const recent = () => readRecentBodies(context.globalState.get(RECENT_BODIES_KEY));

  /** Checks and sends one request (from arguments or an editor), remembering its body for the endpoint. */
  const send = async (target: Target, text: string, environment = activeEnvironment(), notify = true) => {
    const body = compactBody(text);
    if (!body.ok) {
      void vscode.window.showErrorMessage(t('The body is not valid JSON ({0}); nothing was sent.', body.error));
      return undefined;
    }
    await context.globalState.update(RECENT_BODIES_KEY, rememberBody(recent(), target.endpoint, body.body));
    return (await runner().send(environment, { method: target.method, endpoint: target.endpoint, body: body.body }, { notify }))?.entry;
  };

  const pickEndpoint = async (label: string): Promise<string | undefined> => {
    const typed = Object.keys(recent()).filter((e) => !DOCUMENTED_ENDPOINTS.includes(e));
    const item = (endpoint: string): EndpointItem => {
      const fields = templateFields(endpoint);
      return { label: shortEndpoint(endpoint), description: endpoint, detail: fields.length ? t('Body template: {0}', fields.join(', ')) : t('No template: the spec shows no fields; the body starts as {}'), endpoint };
    };
    const items: EndpointItem[] = [
      { label: t('Documented endpoints'), kind: vscode.QuickPickItemKind.Separator },
      ...DOCUMENTED_ENDPOINTS.map(item),
      ...(typed.length ? [{ label: t('Paths you typed'), kind: vscode.QuickPickItemKind.Separator }, ...typed.map(item)] : []),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: t('$(edit) Type a path…'), typePath: true, alwaysShow: true },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: t('Send Signed Request on {0}', label), placeHolder: t('The endpoint to sign and send (POST)'), matchOnDescription: true });
    if (!picked) return undefined;
    if (picked.endpoint) return picked.endpoint;
    const path = await vscode.window.showInputBox({
      title: t('Send Signed Request on {0}', label),
      prompt: t('The path only, without the host: it is signed exactly as typed.'),
      value: '/api/v1/integration/',
      valueSelection: [20, 20],
      validateInput: (value) => {
        const issue = checkPath(value);
        return issue ? t(issue.message, ...issue.args) : undefined;
      },
    });
    return path?.trim();
  };

  const pickBody = async (endpoint: string, label: string): Promise<string | undefined> => {
    const bodies = recent()[endpoint] ?? [];
    if (!bodies.length) return bodyTemplate(endpoint);
    const fields = templateFields(endpoint);
    const items: BodyItem[] = [
      { label: t('Recent bodies'), kind: vscode.QuickPickItemKind.Separator, body: '' },
      ...bodies.map((body) => ({ label: clip(body, 120), body })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, body: '' },
      { label: t('$(file) Body template'), description: fields.join(', '), body: bodyTemplate(endpoint) },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: t('Send Signed Request on {0}', label), placeHolder: t('The body to start from for {0}', shortEndpoint(endpoint)) });
    if (!picked) return undefined;
    // A recent body is stored compact: opened pretty-printed, to edit.
    const parsed = compactBody(picked.body);
    return parsed.ok && picked.body !== bodyTemplate(endpoint) ? prettyBody(parsed.body) : picked.body;
  };

  return {
    [COMMAND_SEND_SIGNED_REQUEST]: async (args?: unknown) => {
      const given = (args ?? {}) as { endpoint?: unknown; body?: unknown; environment?: unknown; notify?: unknown };
      if (typeof given.endpoint === 'string' && typeof given.body === 'string') {
        // Programmatic use (tests, keybindings): the same checks as the input box and the editor.
        const issue = checkPath(given.endpoint);
        if (issue) {
          void vscode.window.showErrorMessage(t(issue.message, ...issue.args));
          return undefined;
        }
        return send({ method: 'POST', endpoint: given.endpoint.trim() }, given.body, isEnvironmentId(given.environment) ? given.environment : activeEnvironment(), given.notify !== false);
      }
      const label = environmentLabel(activeEnvironment());
      const endpoint = await pickEndpoint(label);
      if (!endpoint) return undefined;
      const content = await pickBody(endpoint, label);
      if (content === undefined) return undefined;
      const document = await vscode.workspace.openTextDocument({ language: 'json', content });
      docs().track(document.uri, { method: 'POST', endpoint });
      await vscode.window.showTextDocument(document);
      return document.uri.toString();
    },
    [COMMAND_SEND_DOCUMENT]: async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const target = document && documents?.get(document.uri);
      if (!document || !target) {
        void vscode.window.showWarningMessage(t('This editor is not a request body; start with Prakerja: Send Signed Request.'));
        return undefined;
      }
      return send(target, document.getText());
    },
  };
}
