// The signature debugger's page script (bundled for the browser into dist/webview/debugger.js). It edits inputs,
// asks the extension host to compute, and renders results with DOM text nodes only: nothing becomes markup.
import { hostMessageSchema, type DebugState, type HostMessage, type WebviewMessage } from './protocol';
import { SNIPPET_LANGUAGES, type SnippetLanguage } from '../../core/signing/snippets';
import { parsePastedRequest, type PastedField } from '../../core/requestPaste';

type Result = Extract<HostMessage, { type: 'result' }>;
interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): { state?: DebugState; language?: SnippetLanguage; invisibles?: boolean } | undefined;
  setState(state: { state?: DebugState; language?: SnippetLanguage; invisibles?: boolean }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const FIELDS = ['clientCode', 'timestamp', 'method', 'endpoint', 'extra', 'body', 'theirSignature', 'theirRaw', 'theirBody', 'theirTimestamp'] as const;

let strings: Record<string, string> = {};
let state: DebugState | undefined;
let seq = 0;
let latest: Result | undefined;
let language: SnippetLanguage = vscode.getState()?.language ?? 'node';
let debounce: ReturnType<typeof setTimeout> | undefined;
let toastTimer: ReturnType<typeof setTimeout> | undefined;

const format = (template: string, ...args: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
const s = (key: string, ...args: Array<string | number>) => format(strings[key] ?? key, ...args);
/** A raw_signature segment's name in the legend: the formula's identifier, or a label where the host gives one. */
const segmentLabel = (name: string) => strings[`segment_${name}`] ?? name;

/**
 * Live regions (the verdict, the dates, the notes, the toast) are always in the page and change only when what they
 * say changes: a screen reader announces each change once, not every debounced edit.
 */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
/** Replaces a live region's children only when the new ones say something else (text and kind). */
function replaceIfChanged(element: HTMLElement, children: HTMLElement[], className = element.className): void {
  const key = JSON.stringify([className, children.map((child) => child.outerHTML)]);
  if (element.dataset.rendered === key) return;
  element.dataset.rendered = key;
  element.className = className;
  element.replaceChildren(...children);
}

function save(): void {
  vscode.setState({ ...(state ? { state } : {}), language, invisibles: $<HTMLInputElement>('invisibles').checked });
}

function readInputs(): DebugState | undefined {
  if (!state) return undefined;
  const next = { ...state, environment: $<HTMLSelectElement>('environment').value as DebugState['environment'] };
  for (const field of FIELDS) next[field] = $<HTMLInputElement | HTMLTextAreaElement>(field).value;
  return next;
}

function sendUpdate(): void {
  const next = readInputs();
  if (!next) return;
  state = next;
  save();
  renderDates();
  vscode.postMessage({ type: 'update', seq: ++seq, state: next });
}

function scheduleUpdate(): void {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    debounce = undefined;
    sendUpdate();
  }, 120);
}

function renderDates(): void {
  const value = $<HTMLInputElement>('timestamp').value.trim();
  const out = $('timestampDates');
  const seconds = Number(value);
  if (!/^\d{1,11}$/.test(value) || !Number.isFinite(seconds)) {
    setText(out, value ? s('invalidTime') : '');
    return;
  }
  const date = new Date(seconds * 1000);
  const fmt = (timeZone: string) =>
    new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
  setText(out, `${fmt('Asia/Jakarta')} ${s('wib')} · ${fmt('UTC')} ${s('utc')}`);
}

/** Text with invisible characters made visible: spaces, tabs, line breaks, and non-ASCII as \uXXXX. */
function appendVisible(parent: HTMLElement, text: string, showInvisibles: boolean): void {
  if (!showInvisibles) {
    parent.append(text);
    return;
  }
  let plain = '';
  const flush = () => {
    if (plain) parent.append(plain);
    plain = '';
  };
  for (const char of text) {
    const code = char.codePointAt(0)!;
    let shown: string | undefined;
    let cls = 'invisible';
    if (char === ' ') shown = '·';
    else if (char === '\t') shown = '→';
    else if (char === '\n') shown = '↵\n';
    else if (char === '\r') shown = '␍';
    else if (code < 0x20 || code === 0x7f || code > 0x7e) {
      shown = code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
      cls = 'escape';
    }
    if (shown === undefined) {
      plain += char;
      continue;
    }
    flush();
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = shown;
    span.title = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    parent.append(span);
  }
  flush();
}

function renderRaw(result: Result): void {
  const raw = $('raw');
  raw.replaceChildren();
  const showInvisibles = $<HTMLInputElement>('invisibles').checked;
  const diff = result.comparison?.firstDifference;
  for (const segment of result.segments) {
    const span = document.createElement('span');
    span.className = `seg seg-${segment.name}`;
    span.style.setProperty('--seg', `var(--seg-${segment.name})`);
    span.title = `${segmentLabel(segment.name)} · ${s('byteRange', segment.byteStart, segment.byteEnd)}`;
    const text = result.raw.slice(segment.start, segment.end);
    if (diff && diff.index >= segment.start && diff.index < segment.end) {
      // Mark the first differing character inside its segment.
      const at = diff.index - segment.start;
      appendVisible(span, text.slice(0, at), showInvisibles);
      const mark = document.createElement('mark');
      appendVisible(mark, text.slice(at, at + 1), showInvisibles);
      span.append(mark);
      appendVisible(span, text.slice(at + 1), showInvisibles);
    } else {
      appendVisible(span, text, showInvisibles);
    }
    raw.append(span);
  }
  const legend = $('legend');
  // The legend lists every segment with its line pattern and byte range, as text: no hover needed.
  legend.replaceChildren(
    ...result.segments.map((segment) => {
      const item = document.createElement('li');
      item.className = `seg-${segment.name}`;
      item.style.setProperty('--seg', `var(--seg-${segment.name})`);
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.setAttribute('aria-hidden', 'true');
      swatch.textContent = '\u00a0'.repeat(4);
      const text = document.createElement('span');
      text.textContent = `${segmentLabel(segment.name)} (${segment.byteEnd - segment.byteStart}): ${s('byteRange', segment.byteStart, segment.byteEnd)}`;
      item.append(swatch, text);
      return item;
    }),
  );
  $('byteLength').textContent = s('bytes', result.byteLength);
}

function renderVerdict(result: Result): void {
  const verdict = $('verdict');
  // While the comparison for new inputs runs, a line beside the verdict says so and the verdict is dimmed; the live
  // region's own text changes only with the result, so it is announced once per change, not twice per edit.
  const comparing = $('comparing');
  comparing.hidden = !result.comparing;
  comparing.textContent = result.comparing ? s('comparing') : '';
  // On the section, not the live region: the verdict itself changes only with what it says.
  verdict.parentElement?.classList.toggle('comparing', result.comparing === true);
  if (result.comparing) return;
  const comparison = result.comparison;
  if (!comparison) {
    replaceIfChanged(verdict, [], 'verdict');
    return;
  }
  // The live region is always there (empty until a first result): the verdict appears when it gets content.
  const appearing = verdict.childElementCount === 0;
  const theirSignature = $<HTMLInputElement>('theirSignature').value.trim();
  const children: HTMLElement[] = [];
  if (theirSignature) {
    const headline = document.createElement('p');
    headline.id = 'verdictHeadline';
    const icon = document.createElement('span');
    icon.className = `codicon ${comparison.match ? 'codicon-pass' : 'codicon-error'}`;
    icon.setAttribute('aria-hidden', 'true');
    const text = document.createElement('strong');
    text.textContent = comparison.match ? s('match') : s('mismatch');
    headline.append(icon, text);
    children.push(headline);
  }
  const diff = comparison.firstDifference;
  if ($<HTMLTextAreaElement>('theirRaw').value) {
    const p = document.createElement('p');
    p.id = 'firstDifference';
    p.textContent = diff ? s('firstDifference', diff.byteIndex, diff.index, diff.segment, diff.ours, diff.theirs) : s('identicalRaw');
    children.push(p);
  }
  if (comparison.findings.length) {
    const list = document.createElement('ul');
    list.id = 'findings';
    for (const finding of comparison.findings) {
      const li = document.createElement('li');
      li.dataset.finding = finding.id;
      li.textContent = finding.sentence;
      list.append(li);
    }
    children.push(list);
  }
  if (comparison.reproduced) {
    // Their raw_signature beside ours, segment by segment, the differing ones marked.
    const label = document.createElement('p');
    label.id = 'reproducedLabel';
    label.textContent = s('reproduced');
    const pre = document.createElement('pre');
    pre.id = 'reproduced';
    pre.className = 'raw';
    const showInvisibles = $<HTMLInputElement>('invisibles').checked;
    for (const segment of comparison.reproduced.segments) {
      const span = document.createElement('span');
      span.className = segment.differs ? 'seg differs' : 'seg';
      span.dataset.segment = segment.name;
      span.style.setProperty('--seg', `var(--seg-${segment.name})`);
      span.title = segment.name;
      appendVisible(span, segment.text, showInvisibles);
      pre.append(span);
    }
    children.push(label, pre);
  }
  replaceIfChanged(verdict, children, `verdict ${comparison.match ? 'match' : 'mismatch'}`);
  // Pasting a signature puts the verdict below the fold: brought into view when it appears, not on every keystroke.
  if (appearing && verdict.childElementCount > 0) verdict.scrollIntoView({ block: 'nearest' });
}

function renderTabs(): void {
  const tabs = $('tabs');
  if (tabs.childElementCount === 0) {
    tabs.append(
      ...SNIPPET_LANGUAGES.map((id) => {
        const tab = document.createElement('button');
        tab.setAttribute('role', 'tab');
        tab.id = `tab-${id}`;
        tab.setAttribute('aria-controls', 'snippet');
        tab.textContent = s(`lang_${id}`);
        tab.addEventListener('click', () => selectLanguage(id));
        return tab;
      }),
    );
  }
  // Updated in place, so the focused tab keeps focus for arrow-key navigation.
  for (const id of SNIPPET_LANGUAGES) {
    const tab = $(`tab-${id}`);
    tab.setAttribute('aria-selected', String(id === language));
    tab.tabIndex = id === language ? 0 : -1;
  }
}

function selectLanguage(id: SnippetLanguage, focus = false): void {
  language = id;
  save();
  renderTabs();
  $('snippet').setAttribute('aria-labelledby', `tab-${id}`);
  // The copy button names what it copies: "Copy Node.js code".
  const copyLabel = s('copyCode', s(`lang_${id}`));
  $('copySnippet').setAttribute('aria-label', copyLabel);
  $('copySnippet').title = copyLabel;
  if (focus) $(`tab-${id}`).focus();
  if (latest) $('snippet').textContent = latest.snippets[language] ?? '';
}

function render(result: Result): void {
  latest = result;
  renderRaw(result);
  const signature = $('signature');
  signature.textContent = result.signature ?? '';
  signature.hidden = result.signature === undefined;
  $('noKey').hidden = result.signature !== undefined;
  const fingerprint = $('fingerprint');
  fingerprint.hidden = !result.fingerprint;
  fingerprint.textContent = result.fingerprint ? s('keyFingerprint', result.fingerprint) : '';
  replaceIfChanged(
    $('notes'),
    result.notes.map((note) => {
      const li = document.createElement('li');
      const icon = document.createElement('span');
      icon.className = 'codicon codicon-warning warn-icon';
      icon.setAttribute('aria-hidden', 'true');
      const text = document.createElement('span');
      text.textContent = note;
      li.append(icon, text);
      return li;
    }),
  );
  renderVerdict(result);
  $('snippet').textContent = result.snippets[language] ?? '';
}

function init(message: Extract<HostMessage, { type: 'init' }>): void {
  strings = message.strings;
  state = message.state;
  const select = $<HTMLSelectElement>('environment');
  select.replaceChildren(
    ...message.environments.map((env) => {
      const option = document.createElement('option');
      option.value = env.id;
      option.textContent = env.label;
      return option;
    }),
  );
  select.value = state.environment;
  for (const field of FIELDS) $<HTMLInputElement | HTMLTextAreaElement>(field).value = state[field];
  selectLanguage(language);
  renderDates();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('Prakerja signature debugger: ignored a malformed message', parsed.error.issues[0]?.message);
    return;
  }
  const message = parsed.data;
  if (message.type === 'init') init(message);
  else if (message.type === 'credentials') {
    // Merged, never replacing the inputs: the client_code only goes into a field still holding what it was.
    const field = $<HTMLInputElement>('clientCode');
    if (message.clientCode && state && field.value === message.clientCode.from) {
      field.value = message.clientCode.to;
      scheduleUpdate();
    }
  }
  else if (message.type === 'result') {
    // Results of superseded edits are dropped; seq 0 answers a (re)load.
    if (message.seq === 0 || message.seq === seq) render(message);
  } else if (message.type === 'sending') {
    const status = $('sendStatus');
    status.className = 'send-status busy';
    setText(status, s('sending'));
    $<HTMLButtonElement>('send').disabled = true;
  } else if (message.type === 'sendResult') {
    renderSendResult(message);
  } else if (message.type === 'copied') {
    // Emptied after a moment (silently), so the next copy is a change and is announced again.
    const toast = $('toast');
    clearTimeout(toastTimer);
    setText(toast, s('copied'));
    toastTimer = setTimeout(() => setText(toast, ''), 1500);
  }
});

for (const field of FIELDS) $(field).addEventListener('input', scheduleUpdate);
$('environment').addEventListener('change', sendUpdate);
$('now').addEventListener('click', () => {
  $<HTMLInputElement>('timestamp').value = String(Math.floor(Date.now() / 1000));
  sendUpdate();
});
$('invisibles').addEventListener('change', () => {
  save();
  if (latest) renderRaw(latest);
});
/** The response (status, headers, body as text nodes) and the outcome's sentence in the live region. */
function renderSendResult(message: Extract<HostMessage, { type: 'sendResult' }>): void {
  $<HTMLButtonElement>('send').disabled = false;
  const status = $('sendStatus');
  status.className = `send-status ${message.severity}`;
  setText(status, message.sentence);
  if (!message.sent) return;
  // What was signed and sent: the fields show it, so the HMAC above is the one the server checked.
  if (message.signed) {
    $<HTMLInputElement>('timestamp').value = message.signed.timestamp;
    if (message.signed.clientCode) $<HTMLInputElement>('clientCode').value = message.signed.clientCode;
    sendUpdate();
  }
  const details = $('responseDetails');
  details.hidden = false;
  const response = message.response;
  setText($('responseStatus'), response ? s('responseStatus', response.status, message.latencyMs ?? 0) : s('noResponse', message.latencyMs ?? 0));
  $('responseHeaders').textContent = response ? Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`).join('\n') : '';
  let body = response?.body ?? '';
  try {
    body = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // Not JSON: shown as the text it is.
  }
  $('responseBody').textContent = response?.truncated ? `${body}\n${s('cutOff')}` : body;
}

/** Copies what the host computes for the inputs as they are now: an edit still in its debounce is sent first. */
function copy(message: Extract<WebviewMessage, { type: 'copy' }>): void {
  if (debounce !== undefined) {
    clearTimeout(debounce);
    debounce = undefined;
    sendUpdate();
  }
  vscode.postMessage(message);
}
$('copyRaw').addEventListener('click', () => copy({ type: 'copy', what: 'raw' }));
$('copySignature').addEventListener('click', () => copy({ type: 'copy', what: 'signature' }));
$('copySnippet').addEventListener('click', () => copy({ type: 'copy', what: 'snippet', language }));
$('copyCurl').addEventListener('click', () => copy({ type: 'copy', what: 'curl' }));
$('setCredentials').addEventListener('click', () => vscode.postMessage({ type: 'setCredentials' }));
/** Sends the request as the fields show it now (an edit still in its debounce included). */
$('send').addEventListener('click', () => {
  if (debounce !== undefined) {
    clearTimeout(debounce);
    debounce = undefined;
    sendUpdate();
  }
  if (state) vscode.postMessage({ type: 'send', seq, state });
});
/** Fills the request fields from a pasted request: the debugger then computes what that request should have signed. */
$('fillFromPaste').addEventListener('click', () => {
  const pasted = parsePastedRequest($<HTMLTextAreaElement>('pasteRequest').value);
  const targets: Record<PastedField, (typeof FIELDS)[number]> = { signature: 'theirSignature', timestamp: 'timestamp', clientCode: 'clientCode', path: 'endpoint', body: 'body' };
  for (const [field, id] of Object.entries(targets) as Array<[PastedField, (typeof FIELDS)[number]]>) {
    const value = pasted.fields[field];
    if (value !== undefined) $<HTMLInputElement | HTMLTextAreaElement>(id).value = value;
  }
  if (pasted.method) $<HTMLInputElement>('method').value = pasted.method;
  // What was sent is now the request itself: the "sent" fields would only repeat it.
  if (pasted.fields.body !== undefined) $<HTMLTextAreaElement>('theirBody').value = '';
  if (pasted.fields.timestamp !== undefined) $<HTMLInputElement>('theirTimestamp').value = '';
  const names: Record<PastedField, string> = { signature: 'signature', timestamp: 'timestamp', clientCode: 'client_code', path: 'endpoint', body: 'body' };
  $('pasteMessage').textContent = pasted.missing.length ? s('pasteMissing', pasted.missing.map((f) => names[f]).join(', ')) : s('pasteFilled');
  sendUpdate();
});
$('tabs').addEventListener('keydown', (event: KeyboardEvent) => {
  // The WAI-ARIA tabs pattern: arrows move (and wrap), Home and End go to the first and last tab.
  const index = SNIPPET_LANGUAGES.indexOf(language);
  const count = SNIPPET_LANGUAGES.length;
  const keys: Record<string, number> = { ArrowRight: (index + 1) % count, ArrowLeft: (index - 1 + count) % count, Home: 0, End: count - 1 };
  const next = keys[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectLanguage(SNIPPET_LANGUAGES[next]!, true);
});

$<HTMLInputElement>('invisibles').checked = vscode.getState()?.invisibles ?? false;
vscode.postMessage({ type: 'ready' });
