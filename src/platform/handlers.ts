// What each feature hands the composition root: its command handlers by command id.
import type * as vscode from 'vscode';
import type { RequestRunner } from '../features/signedRequest/requestRunner';
import type { Services } from './services';

export type Handler = (...args: unknown[]) => unknown;
export type Handlers = Record<string, Handler>;

/** What a feature's commands may use; services and the runner are created on first use. */
export interface FeatureContext {
  context: vscode.ExtensionContext;
  services(): Services;
  runner(): RequestRunner;
}
