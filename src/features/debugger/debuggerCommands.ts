// "Prakerja: Open Signature Debugger", empty or filled from a history entry.
import { entryOf } from '../history/historyCommands';
import { COMMAND_OPEN_DEBUGGER } from '../../platform/ids';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { debuggerPanel } from './debuggerBundle';

export function debuggerHandlers({ context, services }: FeatureContext): Handlers {
  return {
    [COMMAND_OPEN_DEBUGGER]: async (arg?: unknown) => {
      const entry = arg === undefined ? undefined : await entryOf(services(), arg);
      if (arg !== undefined && !entry) return undefined;
      await debuggerPanel().show(services(), context.extensionUri, entry);
      return true;
    },
  };
}
