// The signature debugger's panel lives in its own bundle (dist/debugger.js), loaded the first time it opens.
import { loadBundle } from '../../platform/bundles';
import type { DebuggerPanel } from './debuggerPanel';

export function debuggerPanel(): typeof DebuggerPanel {
  return loadBundle<typeof import('./debuggerPanel')>('debugger').DebuggerPanel;
}
