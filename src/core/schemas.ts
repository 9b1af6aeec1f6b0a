// Boundary schemas of the Prakerja API: the codes a user types, the Void body, and the response envelopes.
// zod/mini keeps the extension's bundle small; messages are templates formatted by a Translate (see translate.ts).
import * as z from 'zod/mini';
import type { Translate } from './translate';

export const CODE_MAX_LENGTH = 128;

/** Templates for input-code issues: {0} is the field name, {1} the limit, {2} what was found. */
export const codeMessages = {
  required: '{0} is required.',
  tooLong: '{0} must be at most {1} characters; this one has {2}.',
  control: '{0} contains an invisible or control character (such as a line break, tab or zero-width character) at position {1}; remove it.',
  notText: '{0} must be text.',
} as const;

const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** One code typed by a person: trimmed, required, bounded, printable. */
export const codeSchema = z.pipe(
  z.string(codeMessages.notText),
  z.string().check(
    z.trim(),
    z.minLength(1, codeMessages.required),
    z.maxLength(CODE_MAX_LENGTH, codeMessages.tooLong),
    z.refine((value) => !FORBIDDEN.test(value), codeMessages.control),
  ),
);

export type CodeField = 'invoice_code' | 'transaction_code';

export type CodeCheck = { ok: true; value: string } | { ok: false; message: string };

/** Validates one code and returns either the trimmed value or one sentence saying what is wrong. */
export function checkCode(field: CodeField, input: unknown, t: Translate): CodeCheck {
  const result = codeSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const template = issue?.message ?? codeMessages.notText;
  const text = typeof input === 'string' ? input.trim() : '';
  if (template === codeMessages.tooLong) return { ok: false, message: t(template, field, CODE_MAX_LENGTH, text.length) };
  if (template === codeMessages.control) {
    const at = text.search(FORBIDDEN);
    return { ok: false, message: t(template, field, at + 1) };
  }
  return { ok: false, message: t(template, field) };
}


export const successEnvelopeSchema = z.looseObject({
  success: z.literal(true),
  message: z.optional(z.string()),
});
export type SuccessEnvelope = z.infer<typeof successEnvelopeSchema>;

export const errorEnvelopeSchema = z.looseObject({
  success: z.literal(false),
  code: z.string(),
  message: z.optional(z.string()),
  /** Present only on the local sandbox's own answers to a bad signature. */
  expected_raw_signature: z.optional(z.string()),
  /** The local sandbox marks its own codes with `source: "local-sandbox"`. */
  source: z.optional(z.string()),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
