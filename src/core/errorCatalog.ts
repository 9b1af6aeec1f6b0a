// Every error code a Void can answer with: Prakerja's own (from the published spec, with its Indonesian message) and
// the local sandbox's own codes for the "general errors" whose real codes are not public. Explanations and next
// steps are English templates, localized through a Translate by the caller.

export type ErrorSource = 'prakerja' | 'local-sandbox';

export interface CatalogEntry {
  code: string;
  source: ErrorSource;
  /** HTTP status the server answers with. */
  status: number;
  /** The server's message as published (Indonesian for Prakerja's codes). */
  message: string;
  /** What it means, one sentence (English template). */
  explanation: string;
  /** What to do next, one sentence (English template). */
  action: string;
}

const prakerja = (code: string, message: string, explanation: string, action: string): CatalogEntry => ({
  code,
  source: 'prakerja',
  status: 400,
  message,
  explanation,
  action,
});

const sandbox = (code: string, status: number, message: string, explanation: string, action: string): CatalogEntry => ({
  code,
  source: 'local-sandbox',
  status,
  message,
  explanation,
  action,
});

export const SANDBOX_CODES = {
  contentType: 'SANDBOX-CONTENT-TYPE',
  missingHeader: 'SANDBOX-MISSING-HEADER',
  unknownClient: 'SANDBOX-UNKNOWN-CLIENT',
  timestampFormat: 'SANDBOX-TIMESTAMP-FORMAT',
  timestampExpired: 'SANDBOX-TIMESTAMP-EXPIRED',
  signatureInvalid: 'SANDBOX-SIGNATURE-INVALID',
  invalidJson: 'SANDBOX-INVALID-JSON',
  invalidBody: 'SANDBOX-INVALID-BODY',
  bodyTooLarge: 'SANDBOX-BODY-TOO-LARGE',
  notFound: 'SANDBOX-NOT-FOUND',
  methodNotAllowed: 'SANDBOX-METHOD-NOT-ALLOWED',
  notSimulated: 'SANDBOX-NOT-SIMULATED',
  forbiddenHost: 'SANDBOX-FORBIDDEN-HOST',
} as const;

export const ERROR_CATALOG: readonly CatalogEntry[] = [
  prakerja(
    'ERRVOD40001',
    'Kode transaksi tidak ditemukan.',
    'The transaction_code is not valid: it is not in the format Prakerja issues.',
    'Copy the transaction_code exactly as Prakerja returned it when the transaction was created.',
  ),
  prakerja(
    'ERRPLT40028',
    'Transaksi sudah dibatalkan sebelumnya, silahkan hubungi tim ops prakerja.',
    'This transaction was already voided earlier.',
    'Nothing to repeat; if you did not void it yourself, contact the Prakerja ops team.',
  ),
  prakerja(
    'ERRVOD40003',
    'Gagal dibatalkan. Sudah melewati batas waktu maksimal pembatalan.',
    'The maximum time allowed for voiding this transaction has passed.',
    'It can no longer be voided through the API; contact the Prakerja ops team.',
  ),
  prakerja(
    'ERRVOD40004',
    'Gagal dibatalkan. Peserta sudah melakukan redeem untuk pelatihan ini.',
    'The participant has already redeemed this training, so the purchase cannot be voided.',
    'Check the redemption status; a redeemed training cannot be voided through the API.',
  ),
  prakerja(
    'ERRVOD40005',
    'Gagal dibatalkan. Tanggal permintaan lebih besar dari 4 hari.',
    'The request is more than 4 days after the reconciliation date.',
    'Voids must be requested within 4 days of reconciliation; contact the Prakerja ops team.',
  ),
  prakerja(
    'ERRPLT40401',
    'Transaksi tidak ditemukan.',
    'No transaction with this transaction_code exists.',
    'Check that you are using the right environment and that the code belongs to your platform.',
  ),
  prakerja(
    'ERRVOD40008',
    'Gagal dibatalkan. Laporan penyelesaian pelatihan untuk transaksi ini sudah validasi sebelumnya.',
    'The training completion report for this transaction has already been validated.',
    'A transaction with a validated completion report cannot be voided; contact the Prakerja ops team.',
  ),
  prakerja(
    'ERRVOD40009',
    'Gagal dibatalkan. Sudah dibayarkan ke digital platform untuk transaksi ini.',
    'Prakerja has already paid the digital platform for this transaction.',
    'A paid transaction cannot be voided through the API; contact the Prakerja ops team.',
  ),
  prakerja(
    'ERRVOD40010',
    'Transaksi sudah lebih dari 2 hari, silahkan hubungi tim ops prakerja.',
    'More than 2 days have passed since the purchase.',
    'Voids are accepted only within 2 days of purchase; contact the Prakerja ops team.',
  ),
  sandbox(
    SANDBOX_CODES.contentType,
    415,
    'Content-Type harus application/json.',
    'The request was not sent with Content-Type: application/json.',
    'Send the header Content-Type: application/json.',
  ),
  sandbox(
    SANDBOX_CODES.missingHeader,
    401,
    'Header client_code, signature dan timestamp wajib diisi.',
    'One of the headers client_code, signature or timestamp is missing or empty.',
    'Send all three headers with every request.',
  ),
  sandbox(
    SANDBOX_CODES.unknownClient,
    401,
    'client_code tidak dikenal.',
    'The server does not know this client_code.',
    'Check the client_code stored for this environment (for the local sandbox, use its demo credentials).',
  ),
  sandbox(
    SANDBOX_CODES.timestampFormat,
    401,
    'Format timestamp tidak valid; gunakan Unix time dalam detik.',
    'The timestamp header is not Unix time in seconds (a 13-digit value is milliseconds).',
    'Send Unix time in whole seconds, the same value you signed.',
  ),
  sandbox(
    SANDBOX_CODES.timestampExpired,
    401,
    'Timestamp di luar batas waktu yang diizinkan.',
    'The timestamp is too far from the server clock.',
    "Use the current time when signing, and check your machine's clock.",
  ),
  sandbox(
    SANDBOX_CODES.signatureInvalid,
    401,
    'Signature tidak valid.',
    'The signature does not match the one the server computed from the request it received.',
    'Read the diagnosis in this answer (the likely causes, and the raw_signature your program signed), or compare in the Signature Debugger.',
  ),
  sandbox(
    SANDBOX_CODES.invalidJson,
    400,
    'Body bukan JSON yang valid.',
    'The request body is not valid JSON.',
    'Send the body as compact JSON, exactly the text you signed.',
  ),
  sandbox(
    SANDBOX_CODES.invalidBody,
    400,
    'Body harus berisi invoice_code dan transaction_code.',
    'The body lacks invoice_code or transaction_code, or one of them is not a non-empty string.',
    'Send {"invoice_code":"…","transaction_code":"…"}.',
  ),
  sandbox(
    SANDBOX_CODES.bodyTooLarge,
    413,
    'Body terlalu besar.',
    'The request body is larger than the server accepts.',
    'Send only invoice_code and transaction_code.',
  ),
  sandbox(
    SANDBOX_CODES.notFound,
    404,
    'Endpoint tidak ditemukan.',
    'The server has no endpoint at this path.',
    'Use a path under /api/v1/integration/, e.g. /api/v1/integration/payment/void, without the host.',
  ),
  sandbox(
    SANDBOX_CODES.methodNotAllowed,
    405,
    'Method tidak diizinkan; gunakan POST.',
    'The endpoint accepts only POST.',
    'Send the request with method POST.',
  ),
  sandbox(
    SANDBOX_CODES.notSimulated,
    501,
    'Signature valid, tetapi endpoint ini tidak disimulasikan oleh sandbox lokal.',
    'Signature accepted; this endpoint is not simulated here: the local sandbox checks the signature of every endpoint and simulates only Void.',
    'Your signing works for this endpoint; test what it does against the Prakerja sandbox, or call /api/v1/integration/payment/void here.',
  ),
  sandbox(
    SANDBOX_CODES.forbiddenHost,
    403,
    'Sandbox lokal hanya melayani permintaan ke localhost atau 127.0.0.1.',
    'The request named a host other than this machine\'s loopback address and the sandbox\'s own port, so the sandbox refused it (a web page could otherwise reach it).',
    'Send the request to http://127.0.0.1:<port> or http://localhost:<port>, the address the sandbox printed.',
  ),
];

const byCode = new Map(ERROR_CATALOG.map((entry) => [entry.code, entry]));

export function lookupError(code: string): CatalogEntry | undefined {
  return byCode.get(code);
}
