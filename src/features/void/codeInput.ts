// The two-step input for a void: invoice_code, then transaction_code. Each box validates as the user types,
// step 2 has a Back button, and Escape cancels without sending anything.
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { checkCode, CODE_MAX_LENGTH, type CodeField } from '../../core/schemas';
import { t } from '../../platform/l10n';

export interface Codes {
  invoiceCode: string;
  transactionCode: string;
}

/** The last codes entered, as kept in globalState (read back through this schema: stored data is a boundary too). */
const rememberedSchema = z.object({
  invoiceCode: z.optional(z.string().check(z.maxLength(CODE_MAX_LENGTH * 2))),
  transactionCode: z.optional(z.string().check(z.maxLength(CODE_MAX_LENGTH * 2))),
});

export function rememberedCodes(stored: unknown): Partial<Codes> {
  const parsed = rememberedSchema.safeParse(stored);
  return parsed.success ? parsed.data : {};
}

interface Step {
  field: CodeField;
  prompt: string;
  /**
   * Leads with the field's name: the workbench names the box "<placeholder> - <title>" for screen readers (the
   * extension API has no aria-label for an input box), so "invoice_code …" is what is read first.
   */
  placeholder: string;
}

type StepResult = { kind: 'value'; value: string } | { kind: 'back'; typed: string } | { kind: 'cancel'; typed: string };

function askStep(step: Step, index: number, total: number, title: string, value: string): Promise<StepResult> {
  const box = vscode.window.createInputBox();
  box.title = title;
  box.step = index + 1;
  box.totalSteps = total;
  box.prompt = step.prompt;
  box.placeholder = step.placeholder;
  box.value = value;
  box.valueSelection = [0, value.length];
  box.ignoreFocusOut = true;
  if (index > 0) box.buttons = [vscode.QuickInputButtons.Back];
  const validate = (text: string) => {
    const result = checkCode(step.field, text, t);
    // An untouched empty box is not yet an error; say what is needed instead of scolding.
    box.validationMessage = result.ok || text === '' ? undefined : { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
    return result;
  };
  validate(value);
  return new Promise<StepResult>((resolve) => {
    let settled = false;
    const finish = (result: StepResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
      box.dispose();
    };
    box.onDidChangeValue(validate);
    box.onDidTriggerButton((button) => {
      if (button === vscode.QuickInputButtons.Back) finish({ kind: 'back', typed: box.value });
    });
    box.onDidAccept(() => {
      const result = validate(box.value);
      if (result.ok) finish({ kind: 'value', value: result.value });
      else box.validationMessage = { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
    });
    box.onDidHide(() => finish({ kind: 'cancel', typed: box.value }));
    box.show();
  });
}

/**
 * Asks for both codes; resolves undefined when the user cancels. `remember` receives what was entered so far, also on
 * cancel, so nothing typed is lost: the next Void offers it again.
 */
export async function askForCodes(title: string, initial: Partial<Codes>, remember: (values: Partial<Codes>) => unknown = () => undefined): Promise<Codes | undefined> {
  const steps: Step[] = [
    { field: 'invoice_code', prompt: t('invoice_code: the invoice your platform created for this purchase'), placeholder: t('invoice_code (e.g. INV-2026-0001)') },
    { field: 'transaction_code', prompt: t('transaction_code: the code Prakerja gave the transaction'), placeholder: t('transaction_code (e.g. TRX-OK-001 on the local sandbox)') },
  ];
  const values = [initial.invoiceCode ?? '', initial.transactionCode ?? ''];
  let index = 0;
  while (index < steps.length) {
    const result = await askStep(steps[index]!, index, steps.length, title, values[index]!);
    if (result.kind === 'cancel') {
      values[index] = result.typed.trim();
      await remember({ ...(values[0] ? { invoiceCode: values[0] } : {}), ...(values[1] ? { transactionCode: values[1] } : {}) });
      return undefined;
    }
    if (result.kind === 'back') {
      values[index] = result.typed.trim();
      index = Math.max(0, index - 1);
      continue;
    }
    values[index] = result.value;
    index++;
  }
  return { invoiceCode: values[0]!, transactionCode: values[1]! };
}
