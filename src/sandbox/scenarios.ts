// The local sandbox's transactions and the Void rules they exercise. Every Prakerja error code of the Void spec,
// and success, is reachable through a documented transaction_code.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Transaction {
  transactionCode: string;
  purchasedAt: number;
  /** After this moment a void is refused (ERRVOD40003). */
  voidDeadline: number;
  redeemed: boolean;
  /** Reconciliation date; a void more than 4 days after it is refused (ERRVOD40005). */
  reconciledAt?: number;
  completionValidated: boolean;
  paidToPlatform: boolean;
  voidedAt?: number;
}

export interface Scenario {
  transactionCode: string;
  /** What a void of it answers: a Prakerja code, or `success`. */
  outcome: string;
  description: string;
  /** Builds the transaction's state relative to the sandbox clock. */
  make?: (now: number) => Omit<Transaction, 'transactionCode'>;
}

/** A fresh, voidable purchase made an hour ago. */
export const freshPurchase = (now: number): Omit<Transaction, 'transactionCode'> => ({
  purchasedAt: now - HOUR,
  voidDeadline: now + 7 * DAY,
  redeemed: false,
  completionValidated: false,
  paidToPlatform: false,
});

/** Prefix of codes created on first use as fresh purchases, so success can be demonstrated again and again. */
export const FRESH_PREFIX = 'TRX-OK-';
/** Prefix of codes that wait N seconds (`TRX-SLOW-5`) before answering like a fresh purchase: for cancellation. */
export const SLOW_PREFIX = 'TRX-SLOW-';
export const MAX_SLOW_SECONDS = 120;
/** What a well-formed transaction_code looks like here; anything else is ERRVOD40001. */
export const TRANSACTION_CODE_FORMAT = /^[A-Za-z0-9._-]+$/;

export const SCENARIOS: readonly Scenario[] = [
  { transactionCode: 'TRX-OK-001', outcome: 'success', description: `Voidable; any other ${FRESH_PREFIX}… code works too (created on first use).`, make: freshPurchase },
  { transactionCode: 'TRX-SLOW-5', outcome: 'success', description: 'Voidable, but the answer takes 5 s (TRX-SLOW-N waits N s, at most 120): try Cancel.' },
  { transactionCode: 'TRX#INVALID', outcome: 'ERRVOD40001', description: 'Any transaction_code with characters other than letters, digits, ".", "_" or "-".' },
  { transactionCode: 'TRX-VOIDED', outcome: 'ERRPLT40028', description: 'Already voided (so is any code after its first successful void).', make: (now) => ({ ...freshPurchase(now), voidedAt: now - HOUR / 2 }) },
  { transactionCode: 'TRX-EXPIRED', outcome: 'ERRVOD40003', description: 'The maximum time allowed for a void has passed.', make: (now) => ({ ...freshPurchase(now), voidDeadline: now - HOUR / 2 }) },
  { transactionCode: 'TRX-REDEEMED', outcome: 'ERRVOD40004', description: 'The participant already redeemed the training.', make: (now) => ({ ...freshPurchase(now), redeemed: true }) },
  { transactionCode: 'TRX-RECONCILED', outcome: 'ERRVOD40005', description: 'Reconciled 5 days ago (limit: 4 days).', make: (now) => ({ ...freshPurchase(now), reconciledAt: now - 5 * DAY }) },
  { transactionCode: 'TRX-UNKNOWN', outcome: 'ERRPLT40401', description: 'No such transaction (as is any unlisted well-formed code).' },
  { transactionCode: 'TRX-COMPLETED', outcome: 'ERRVOD40008', description: 'The completion report was already validated.', make: (now) => ({ ...freshPurchase(now), completionValidated: true }) },
  { transactionCode: 'TRX-PAID', outcome: 'ERRVOD40009', description: 'Prakerja already paid the platform.', make: (now) => ({ ...freshPurchase(now), paidToPlatform: true }) },
  { transactionCode: 'TRX-OLD', outcome: 'ERRVOD40010', description: 'Purchased 3 days ago (limit: 2 days).', make: (now) => ({ ...freshPurchase(now), purchasedAt: now - 3 * DAY }) },
];

export function seedTransactions(now: number, scenarios: readonly Scenario[] = SCENARIOS): Map<string, Transaction> {
  const map = new Map<string, Transaction>();
  for (const scenario of scenarios) {
    if (scenario.make) map.set(scenario.transactionCode, { transactionCode: scenario.transactionCode, ...scenario.make(now) });
  }
  return map;
}

/** Applies the Void rules in the order the API checks them; returns the Prakerja error code, or undefined to void. */
export function voidRefusal(tx: Transaction, now: number): string | undefined {
  if (tx.voidedAt !== undefined) return 'ERRPLT40028';
  if (now > tx.voidDeadline) return 'ERRVOD40003';
  if (tx.redeemed) return 'ERRVOD40004';
  if (tx.reconciledAt !== undefined && now > tx.reconciledAt + 4 * DAY) return 'ERRVOD40005';
  if (tx.completionValidated) return 'ERRVOD40008';
  if (tx.paidToPlatform) return 'ERRVOD40009';
  if (now > tx.purchasedAt + 2 * DAY) return 'ERRVOD40010';
  return undefined;
}

/** Seconds a `TRX-SLOW-N` code waits, or 0. */
export function slowSeconds(transactionCode: string): number {
  if (!transactionCode.startsWith(SLOW_PREFIX)) return 0;
  const seconds = Number(transactionCode.slice(SLOW_PREFIX.length));
  return Number.isInteger(seconds) && seconds > 0 ? Math.min(seconds, MAX_SLOW_SECONDS) : 0;
}
