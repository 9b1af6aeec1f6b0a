// The signature debugger's page script (bundled for the browser into dist/webview/debugger.js). It edits inputs,
// asks the extension host to compute, and renders results with DOM text nodes only: nothing becomes markup.
import { hostMessageSchema, type DebugState, type HostMessage, type WebviewMessage } from './protocol';
import { SNIPPET_LANGUAGES, type SnippetLanguage } from '../../core/signing/snippets';

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

const format = (template: string, ...args: Array<string | number>) => template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
const s = (key: string, ...args: Array<string | number>) => format(strings[key] ?? key, ...args);
/** A raw_signature segment's name in the legend: the formula's identifier, or a label where the host gives one. */
const segmentLabel = (name: string) => strings[`segment_${name}`] ?? name;

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
    out.textContent = value ? s('invalidTime') : '';
    return;
  }
  const date = new Date(seconds * 1000);
  const fmt = (timeZone: string) =>
    new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
  out.textContent = `${fmt('Asia/Jakarta')} ${s('wib')} · ${fmt('UTC')} ${s('utc')}`;
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
    span.className = 'seg';
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
  legend.replaceChildren(
    ...result.segments.map((segment) => {
      const item = document.createElement('span');
      item.style.setProperty('--seg', `var(--seg-${segment.name})`);
      item.textContent = `${segmentLabel(segment.name)} (${segment.byteEnd - segment.byteStart})`;
      return item;
    }),
  );
  $('byteLength').textContent = s('bytes', result.byteLength);
}

function renderVerdict(result: Result): void {
  const verdict = $('verdict');
  const comparison = result.comparison;
  if (!comparison) {
    verdict.hidden = true;
    verdict.replaceChildren();
    return;
  }
  const appearing = verdict.hidden;
  verdict.hidden = false;
  const theirSignature = $<HTMLInputElement>('theirSignature').value.trim();
  verdict.className = `verdict ${comparison.match ? 'match' : 'mismatch'}`;
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
  verdict.replaceChildren(...children);
  // Pasting a signature puts the verdict below the fold: brought into view when it appears, not on every keystroke.
  if (appearing) verdict.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
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
  $('notes').replaceChildren(
    ...result.notes.map((note) => {
      const li = document.createElement('li');
      li.textContent = note;
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
  renderTabs();
  renderDates();
  save();
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
  } else if (message.type === 'copied') {
    const toast = $('toast');
    toast.textContent = s('copied');
    toast.hidden = false;
    setTimeout(() => (toast.hidden = true), 1500);
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
$('tabs').addEventListener('keydown', (event: KeyboardEvent) => {
  const index = SNIPPET_LANGUAGES.indexOf(language);
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  event.preventDefault();
  selectLanguage(SNIPPET_LANGUAGES[(index + step + SNIPPET_LANGUAGES.length) % SNIPPET_LANGUAGES.length]!, true);
});

$<HTMLInputElement>('invisibles').checked = vscode.getState()?.invisibles ?? false;
vscode.postMessage({ type: 'ready' });
