// The signature debugger's webview host: one panel, reused, restored after a reload. The webview gets the inputs
// and the results; the key stays here and only its fingerprint crosses over.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { computeDebugResult, computeDebugResultInSlices, voidDebugState, type DebugResult } from './model';
import { debugStateSchema, webviewMessageSchema, type DebugState, type HostMessage } from './protocol';
import type { HistoryEntry } from '../../core/history/schema';
import { sendableIssue } from '../../core/signedRequest/endpoints';
import { DEMO_CREDENTIALS, localSandboxClients } from '../../core/environments';
import type { OtherClient } from '../../core/diagnosis/signatureSearch';
import { SNIPPET_LABELS } from '../../core/signing/snippets';
import { activeEnvironment, ENVIRONMENT_IDS, environmentLabel, isEnvironmentId, remoteBaseUrl } from '../../platform/environments';
import { locale, onDidChangeLanguage, t } from '../../platform/l10n';
import { COMMAND_SET_CREDENTIALS, DEBUGGER_VIEW_TYPE } from '../../platform/ids';
import type { Services } from '../../platform/services';


const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class DebuggerPanel implements vscode.Disposable {
  static current: DebuggerPanel | undefined;
  private state: DebugState;
  private ready = false;
  /** Messages (and credential or sandbox changes) are handled one at a time, in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  /** The seq of the newest update from the page: results answer it, so the page drops those it outran. */
  private seq = 0;
  /** The client_code stored for the state's environment when last looked at (to merge a change into the inputs). */
  private storedClientCode: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Messages the webview sent that did not fit the protocol (for tests and the output channel). */
  rejectedMessages = 0;
  /** For tests (see inspect). */
  private readonly posted: Array<{ type: HostMessage['type']; seq?: number }> = [];
  private lastResult: Extract<HostMessage, { type: 'result' }> | undefined;
  private lastSendResult: Extract<HostMessage, { type: 'sendResult' }> | undefined;
  /** The comparison being computed for the latest edit, cancelled by the next. */
  private computing: AbortController | undefined;
  private postWaiters: Array<{ type: HostMessage['type']; resolve(): void }> = [];

  /** Opens (or reuses) the panel with a history entry, a prepared state (e.g. a request the sandbox received), or a fresh one. */
  static async show(services: Services, extensionUri: vscode.Uri, entry?: HistoryEntry | { state: DebugState }): Promise<DebuggerPanel> {
    const state = entry ? ('state' in entry ? entry.state : stateFromEntry(entry)) : await freshState(services);
    // Checked after the await: a second call made meanwhile must reuse the panel, not orphan one.
    if (DebuggerPanel.current) {
      DebuggerPanel.current.panel.reveal(vscode.ViewColumn.Active);
      await DebuggerPanel.current.load(state);
      return DebuggerPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DEBUGGER_VIEW_TYPE, t('Signature Debugger'), vscode.ViewColumn.Active, DebuggerPanel.options(extensionUri));
    DebuggerPanel.current = new DebuggerPanel(panel, services, extensionUri, state);
    return DebuggerPanel.current;
  }

  /** Restores a panel after a window reload, with the state the webview saved. */
  static async revive(panel: vscode.WebviewPanel, services: Services, extensionUri: vscode.Uri, saved: unknown): Promise<void> {
    const parsed = debugStateSchema.safeParse((saved as { state?: unknown } | undefined)?.state);
    panel.webview.options = DebuggerPanel.options(extensionUri);
    DebuggerPanel.current?.dispose();
    DebuggerPanel.current = new DebuggerPanel(panel, services, extensionUri, parsed.success ? parsed.data : await freshState(services));
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly extensionUri: vscode.Uri,
    state: DebugState,
  ) {
    this.state = state;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'prakerja.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      // A key replaced or cleared (in any window) changes the HMAC at once; merged into the inputs, never
      // overwriting what is being typed.
      services.credentials.onDidChange(() => void this.enqueue(() => this.credentialsChanged())),
      // The local sandbox started, stopped or failed to start: the cURL's address and the panel's note follow.
      services.sandbox.onDidChange(() => void this.enqueue(() => this.refresh())),
      // The page's labels are in its HTML: a new language loads the page again, and its "ready" brings the state back.
      // At once, not queued: what is queued after it talks to the new page, whose "ready" is queued too.
      onDidChangeLanguage(() => {
        this.ready = false;
        panel.title = t('Signature Debugger');
        panel.webview.html = this.html();
      }),
    );
    void this.enqueue(async () => {
      this.storedClientCode = (await services.credentials.get(state.environment))?.clientCode;
    });
  }

  /** Runs `step` after every message and change before it; a failure is logged, never thrown at the webview. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step).catch((error: unknown) => this.services.output.appendLine(t('Signature debugger: {0}', String(error))));
    this.queue = run;
    return run;
  }

  /** What tests may look at: the page's HTML as sent, the state, and how many messages were refused. */
  inspect(): {
    html: string;
    state: DebugState;
    rejectedMessages: number;
    receive(message: unknown): Promise<void>;
    /** What was posted to the page, in order: each message's type, and a result's seq. */
    posted: ReadonlyArray<{ type: HostMessage['type']; seq?: number }>;
    lastResult: Extract<HostMessage, { type: 'result' }> | undefined;
    /** How the last Send ended, as posted to the page. */
    lastSendResult: Extract<HostMessage, { type: 'sendResult' }> | undefined;
    /** Resolves when a message of this type is next posted. */
    whenPosted(type: HostMessage['type']): Promise<void>;
  } {
    return {
      html: this.panel.webview.html,
      state: this.state,
      rejectedMessages: this.rejectedMessages,
      receive: (message) => this.receive(message),
      posted: this.posted,
      lastResult: this.lastResult,
      lastSendResult: this.lastSendResult,
      whenPosted: (type) => new Promise((resolve) => this.postWaiters.push({ type, resolve })),
    };
  }

  /** Shows another request (opened from the history): the one time the inputs are replaced. */
  private load(state: DebugState): Promise<void> {
    return this.enqueue(async () => {
      this.state = state;
      if (this.ready) await this.sendInit();
    });
  }

  /** Handles a message from the page after those before it; resolves once it is handled. */
  private receive(raw: unknown): Promise<void> {
    // A new edit supersedes the comparison still running for an older one: stopped now, not after it, since the
    // queue would otherwise hold the new edit behind it.
    if ((raw as { type?: unknown } | null)?.type === 'update') this.computing?.abort();
    return this.enqueue(() => this.handle(raw));
  }

  private async handle(raw: unknown): Promise<void> {
    if (DebuggerPanel.current !== this) {
      // A message from a panel that was replaced or closed.
      this.rejectedMessages++;
      this.services.output.appendLine(t('Signature debugger: ignored a message from a closed panel.'));
      return;
    }
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.rejectedMessages++;
      this.services.output.appendLine(t('Signature debugger: ignored a malformed message from the webview.'));
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        break;
      case 'update': {
        const environmentChanged = message.state.environment !== this.state.environment;
        this.seq = message.seq;
        this.state = message.state;
        if (environmentChanged) {
          // Another environment: its client_code, merged into the page only if the field still holds what it sent.
          const credentials = await this.services.credentials.get(message.state.environment);
          this.storedClientCode = credentials?.clientCode;
          if (credentials && credentials.clientCode !== message.state.clientCode) {
            this.state = { ...this.state, clientCode: credentials.clientCode };
            await this.post({ type: 'credentials', environments: await this.environments(), clientCode: { from: message.state.clientCode, to: credentials.clientCode } });
          }
        }
        await this.postResult(message.seq);
        break;
      }
      case 'copy': {
        const result = await this.result(0, false);
        if (message.what === 'signature' && result.signature === undefined) {
          void vscode.window.showWarningMessage(t('No sign_key is stored for {0}, so there is no signature to copy.', environmentLabel(this.state.environment)));
          break;
        }
        const text =
          message.what === 'signature' ? (result.signature ?? '') : message.what === 'raw' ? result.raw : message.what === 'curl' ? result.curl : (result.snippets[message.language ?? 'node'] ?? '');
        await vscode.env.clipboard.writeText(text);
        await this.post({ type: 'copied', what: message.what });
        break;
      }
      case 'setCredentials':
        await vscode.commands.executeCommand(COMMAND_SET_CREDENTIALS, this.state.environment);
        break;
      case 'send':
        this.seq = message.seq;
        this.state = message.state;
        // Not awaited here: a request (and its production dialog) may take long, and the page keeps talking meanwhile.
        void this.send(message.state).catch((error: unknown) => this.services.output.appendLine(t('Signature debugger: {0}', String(error))));
        break;
    }
  }

  /**
   * Signs the request shown (method, endpoint, body and extra segment as they are) with the environment's stored
   * credentials and the current time, and sends it through the runner every request goes through: production
   * confirmed, one at a time, cancellable, written to the output and the history. The page shows the outcome.
   */
  private async send(state: DebugState): Promise<void> {
    const refuse = (sentence: string) => this.post({ type: 'sendResult', sent: false, severity: 'error', sentence });
    const issue = sendableIssue(state);
    if (issue) return refuse(t(issue));
    try {
      JSON.parse(state.body);
    } catch (error) {
      return refuse(t('The body is not valid JSON ({0}); nothing was sent.', error instanceof Error ? error.message : String(error)));
    }
    await this.post({ type: 'sending' });
    const result = await this.services.runner.send(state.environment, { method: state.method, endpoint: state.endpoint, body: state.body, ...(state.extra ? { extra: state.extra } : {}) }, { notify: false });
    if (!result) return this.post({ type: 'sendResult', sent: false, severity: 'warning', sentence: t('Nothing was sent.') });
    const { outcome, described, entry } = result;
    const response = 'response' in outcome ? outcome.response : undefined;
    await this.post({
      type: 'sendResult',
      sent: true,
      severity: described.severity,
      sentence: described.sentence,
      entryId: entry.id,
      latencyMs: outcome.latencyMs,
      signed: { timestamp: outcome.request.timestamp, clientCode: outcome.request.headers.client_code ?? '' },
      ...(response ? { response: { status: response.status, headers: response.headers, body: response.bodyText, truncated: response.truncated } } : {}),
    });
  }

  /**
   * Posts the result for the current state: the new HMAC at once and, when there is a signature to compare, the
   * comparison (which may take many HMACs) for the same edit after it, unless a newer edit superseded it.
   */
  private async postResult(seq: number): Promise<void> {
    if (this.state.theirSignature.trim() || this.state.theirRaw) await this.post({ ...(await this.result(seq, false)), comparing: true });
    const result = await this.result(seq);
    if (result) await this.post(result);
  }

  /** The result for the current state; `compare: false` leaves out the comparison (copying needs none of it). */
  private async result(seq: number, compare?: true): Promise<DebugResult | undefined>;
  private async result(seq: number, compare: false): Promise<DebugResult>;
  private async result(seq: number, compare = true): Promise<DebugResult | undefined> {
    const stored = await this.services.credentials.get(this.state.environment);
    // On Local, the key the sandbox checks this client_code with (the demo client_code keeps the demo key, even when
    // Local has a pair of its own): a request opened from the Sandbox Requests view is compared as the sandbox did.
    const credentials = this.state.environment === 'local' ? (localSandboxClients(stored).find((c) => c.clientCode === this.state.clientCode) ?? stored) : stored;
    const settings = this.services.settings;
    const { sandbox } = this.services;
    // Never started from here: showing the panel or typing in it must not open a port. The cURL goes to where a
    // local request would go: the running sandbox, else its configured port, else a placeholder.
    const baseUrl = this.state.environment === 'local' ? (sandbox.url ?? `http://127.0.0.1:${settings.localSandboxPort || '<port>'}`) : remoteBaseUrl(this.state.environment, settings);
    let result: DebugResult | undefined;
    if (!compare) {
      result = computeDebugResult(seq, { ...this.state, theirSignature: '', theirRaw: '' }, credentials?.signKey, baseUrl, t);
    } else {
      // The other environments' credentials, and the sandbox's demo pair: a signer may hard-code any of them.
      // On Local, every pair the sandbox accepts too (the sandbox names another client's key among them).
      const others: OtherClient[] = this.state.environment === 'local' ? localSandboxClients(stored) : [DEMO_CREDENTIALS];
      for (const id of ENVIRONMENT_IDS) {
        if (id === this.state.environment) continue;
        const other = await this.services.credentials.get(id);
        if (other) others.push(other);
      }
      const otherClients = others.filter((c) => c.clientCode !== credentials?.clientCode || c.signKey !== credentials.signKey);
      this.computing?.abort();
      const computing = new AbortController();
      this.computing = computing;
      result = await computeDebugResultInSlices(seq, this.state, credentials?.signKey, baseUrl, t, otherClients, computing.signal);
    }
    if (result && this.state.environment === 'local' && !sandbox.url) {
      // Said once, in the panel, not as a notification per keystroke.
      result.notes.push(sandbox.lastError ?? t('The local sandbox is not running; the cURL will reach it once it is started (Prakerja: Start Local Sandbox).'));
    }
    return result;
  }

  /** A credential changed (in any window): new fingerprints and HMAC; a new client_code only into an untouched field. */
  private async credentialsChanged(): Promise<void> {
    const credentials = await this.services.credentials.get(this.state.environment);
    const before = this.storedClientCode;
    const after = credentials?.clientCode;
    this.storedClientCode = after;
    const untouched = this.state.clientCode === (before ?? '');
    const replace = after !== undefined && after !== before && untouched ? { from: this.state.clientCode, to: after } : undefined;
    if (replace) this.state = { ...this.state, clientCode: replace.to };
    await this.post({ type: 'credentials', environments: await this.environments(), ...(replace ? { clientCode: replace } : {}) });
    await this.postResult(this.seq);
  }

  private async refresh(): Promise<void> {
    await this.postResult(this.seq);
  }

  private environments() {
    return Promise.all(
      ENVIRONMENT_IDS.map(async (id) => {
        const fingerprint = await this.services.credentials.fingerprint(id);
        return { id, label: environmentLabel(id), ...(fingerprint ? { fingerprint } : {}) };
      }),
    );
  }

  private async sendInit(): Promise<void> {
    this.storedClientCode = (await this.services.credentials.get(this.state.environment))?.clientCode;
    await this.post({ type: 'init', state: this.state, environments: await this.environments(), strings: webviewStrings() });
    await this.postResult(this.seq);
  }

  private async post(message: HostMessage): Promise<void> {
    this.posted.push(message.type === 'result' ? { type: message.type, seq: message.seq } : { type: message.type });
    if (this.posted.length > 200) this.posted.splice(0, 100);
    if (message.type === 'result') this.lastResult = message;
    if (message.type === 'sendResult') this.lastSendResult = message;
    const waiting = this.postWaiters.filter((w) => w.type === message.type);
    this.postWaiters = this.postWaiters.filter((w) => w.type !== message.type);
    for (const w of waiting) w.resolve();
    await this.panel.webview.postMessage(message);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    const template = readFileSync(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'debugger.html').fsPath, 'utf8');
    const values: Record<string, string> = {
      cspSource: webview.cspSource,
      nonce,
      styleUri: asset('dist', 'webview', 'debugger.css'),
      codiconsUri: asset('dist', 'webview', 'codicon.css'),
      scriptUri: asset('dist', 'webview', 'debugger.js'),
      lang: locale(),
      ...webviewStrings(),
    };
    // Every value is escaped: nothing the user typed or a server sent can become markup.
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? escapeHtml(values[name]!) : whole));
  }

  dispose(): void {
    this.computing?.abort();
    if (DebuggerPanel.current === this) DebuggerPanel.current = undefined;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function stateFromEntry(entry: HistoryEntry): DebugState {
  const { request } = entry;
  const environment = isEnvironmentId(entry.environment) ? entry.environment : 'local';
  return {
    environment,
    clientCode: request.headers.client_code ?? '',
    timestamp: request.timestamp,
    method: request.method,
    endpoint: request.endpoint,
    body: request.body,
    extra: '',
    // Compared with what was actually sent: a key changed since then shows up at once.
    theirSignature: request.signature,
    theirRaw: '',
    theirBody: '',
    theirTimestamp: '',
  };
}

async function freshState(services: Services): Promise<DebugState> {
  const environment = activeEnvironment();
  const credentials = await services.credentials.get(environment);
  return voidDebugState({ environment, clientCode: credentials?.clientCode ?? '', timestamp: String(Math.floor(Date.now() / 1000)) });
}

/** Every label the page shows, translated here (the webview has no access to vscode.l10n). */
function webviewStrings(): Record<string, string> {
  return {
    title: t('Signature Debugger'),
    request: t('Request'),
    environment: t('Environment'),
    clientCode: t('client_code'),
    timestamp: t('timestamp'),
    now: t('Now'),
    nowTitle: t('Use the current time'),
    method: t('Method'),
    endpoint: t('Endpoint'),
    body: t('Body'),
    bodyHint: t('Signed and sent exactly as written here.'),
    extra: t('Extra segment'),
    extraHint: t('Optional: a header value some endpoints sign between endpoint and body (e.g. Authorization on payment/authorize).'),
    rawSignature: t('raw_signature'),
    showInvisibles: t('Show invisible characters'),
    bytes: t('{0} bytes'),
    byteRange: t('bytes {0}–{1}'),
    hmac: t('HMAC-SHA1'),
    keyFingerprint: t('key fingerprint {0}'),
    noKey: t('No sign_key is stored for this environment.'),
    setCredentials: t('Set Credentials'),
    copy: t('Copy'),
    copied: t('Copied'),
    copyCode: t('Copy {0} code'),
    notes: t('Notes'),
    segments: t('Segments of the raw_signature'),
    copyCurl: t('Copy as cURL'),
    compare: t('Compare with your application'),
    theirSignature: t('Your signature'),
    theirSignaturePlaceholder: t('Paste the signature your application produced'),
    theirRaw: t('Your raw_signature (optional)'),
    theirRawPlaceholder: t('Paste the string your application signed, to find the first differing byte'),
    theirBody: t('Body your application sent (optional)'),
    theirTimestamp: t('timestamp header your application sent (optional)'),
    match: t('Match: your signature is the one expected for this request.'),
    mismatch: t('Mismatch: your signature differs from the expected one.'),
    firstDifference: t('First difference at byte {0} (character {1}), in {2}: expected “{3}”, yours “{4}”.'),
    identicalRaw: t('Your raw_signature is identical to the expected one.'),
    snippets: t('Code that produces this signature'),
    wib: t('WIB'),
    utc: t('UTC'),
    invalidTime: t('not a valid Unix time in seconds'),
    ...Object.fromEntries(Object.entries(SNIPPET_LABELS).map(([id, label]) => [`lang_${id}`, label])),
    comparing: t('Comparing with your signature…'),
    reproduced: t('The raw_signature your program must have signed (differing parts marked):'),
    pasteRequest: t('Paste a request (optional)'),
    pastePlaceholder: t('A cURL command, a raw HTTP request, or header lines and a body copied from a log'),
    fillFromPaste: t('Fill from request'),
    pasteFilled: t('Filled in from the pasted request.'),
    pasteMissing: t('Could not read {0} from the pasted request; those fields are unchanged.'),
    send: t('Send'),
    sendHint: t('Signs this request with the stored credentials of the environment and the current time, and sends it; the fields then show what was sent.'),
    sending: t('Sending…'),
    response: t('Response'),
    responseStatus: t('HTTP {0} · {1} ms'),
    noResponse: t('No response · {0} ms'),
    responseHeaders: t('Response headers'),
    responseBody: t('Response body'),
    cutOff: t('(cut off)'),
    // The legend names segments as the formula does (client_code + timestamp + …); the extra one is not in the
    // formula, so it is named as its field is.
    segment_extra: t('Extra segment'),
  };
}
