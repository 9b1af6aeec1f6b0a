// The Translate that core code formats its messages with, backed by VS Code's localization.
import * as vscode from 'vscode';
import type { Translate } from '../core/translate';

export const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);
