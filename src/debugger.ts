// The lazily loaded signature debugger bundle (dist/debugger.js): its panel, the diagnosis and the snippets are
// loaded the first time the debugger opens, not with the rest of the features.
export { DebuggerPanel } from './debuggerPanel';
