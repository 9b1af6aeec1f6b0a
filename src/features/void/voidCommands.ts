// "Prakerja: Void Transaction" and "Prakerja: Show Output": the codes from the input boxes (or from arguments, with
// the same validation), then the runner signs, sends and reports.
import * as vscode from 'vscode';
import { checkCode } from '../../core/schemas';
import { activeEnvironment, environmentLabel, isEnvironmentId } from '../../platform/environments';
import type { FeatureContext, Handlers } from '../../platform/handlers';
import { t } from '../../platform/l10n';
import { readEarly } from '../credentials/credentialStore';
import { askForCodes, rememberedCodes, type Codes } from './codeInput';

const LAST_CODES_KEY = 'prakerja.lastCodes';

export function voidHandlers({ context, services, runner }: FeatureContext): Handlers {
  return {
    'prakerja.voidTransaction': async (args?: unknown) => {
      const given = (args ?? {}) as { invoiceCode?: unknown; transactionCode?: unknown; environment?: unknown; notify?: unknown };
      const environment = isEnvironmentId(given.environment) ? given.environment : activeEnvironment();
      let codes: Codes | undefined;
      if (typeof given.invoiceCode === 'string' && typeof given.transactionCode === 'string') {
        // Programmatic use (tests, other extensions, keybindings): the same validation as the input boxes.
        const invoice = checkCode('invoice_code', given.invoiceCode, t);
        const transaction = checkCode('transaction_code', given.transactionCode, t);
        if (!invoice.ok || !transaction.ok) {
          void vscode.window.showErrorMessage(!invoice.ok ? invoice.message : (transaction as { message: string }).message);
          return undefined;
        }
        codes = { invoiceCode: invoice.value, transactionCode: transaction.value };
        return runner().voidTransaction(environment, codes, { notify: given.notify !== false });
      }
      const early = readEarly(context.secrets, environment);
      try {
        const last = rememberedCodes(context.globalState.get(LAST_CODES_KEY));
        codes = await askForCodes(t('Void Transaction on {0}', environmentLabel(environment)), last, (partial) => context.globalState.update(LAST_CODES_KEY, { ...last, ...partial }));
        if (!codes) return undefined;
        await context.globalState.update(LAST_CODES_KEY, codes);
        return await runner().voidTransaction(environment, codes, { notify: given.notify !== false, credentials: early.take() });
      } finally {
        early.dispose();
      }
    },
    'prakerja.showOutput': () => services().output.show(true),
  };
}
