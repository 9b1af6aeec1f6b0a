// Command arguments that would skip a prompt: which form a call has, and whether it may have it. Any installed
// extension can run our commands, so outside the test host a call may only open the prompts, never write a secret or
// skip a confirmation (the test-only inspection API is closed to other extensions for the same reason).
import { ENVIRONMENT_IDS, type EnvironmentId } from './environments';

const isEnvironment = (value: unknown): value is EnvironmentId => typeof value === 'string' && (ENVIRONMENT_IDS as readonly string[]).includes(value);

export type SetCredentialsCall =
  /** Store these without asking (test mode only). */
  | { kind: 'store'; environment: EnvironmentId; clientCode: string; signKey: string }
  /** Arguments that would store without asking, outside test mode: refused. */
  | { kind: 'refused' }
  /** Ask in input boxes, for this environment when one was named. */
  | { kind: 'ask'; environment?: EnvironmentId };

export function setCredentialsCall(arg: unknown, testMode: boolean): SetCredentialsCall {
  const given = arg && typeof arg === 'object' ? (arg as { environment?: unknown; clientCode?: unknown; signKey?: unknown }) : undefined;
  if (given && ('clientCode' in given || 'signKey' in given)) {
    if (!testMode) return { kind: 'refused' };
    if (isEnvironment(given.environment) && typeof given.clientCode === 'string' && typeof given.signKey === 'string') {
      return { kind: 'store', environment: given.environment, clientCode: given.clientCode, signKey: given.signKey };
    }
  }
  const environment = given ? given.environment : arg;
  return isEnvironment(environment) ? { kind: 'ask', environment } : { kind: 'ask' };
}

export type ClearCredentialsCall =
  | { kind: 'clear'; environment: EnvironmentId }
  | { kind: 'refused' }
  | { kind: 'ask'; environment?: EnvironmentId };

export function clearCredentialsCall(arg: unknown, testMode: boolean): ClearCredentialsCall {
  const given = arg && typeof arg === 'object' ? (arg as { environment?: unknown; confirmed?: unknown }) : undefined;
  if (given && 'confirmed' in given && given.confirmed !== false) {
    if (!testMode) return { kind: 'refused' };
    if (isEnvironment(given.environment) && given.confirmed === true) return { kind: 'clear', environment: given.environment };
  }
  const environment = given ? given.environment : arg;
  return isEnvironment(environment) ? { kind: 'ask', environment } : { kind: 'ask' };
}

/** True when a command was called with `{ confirmed: true }` in the test host: only there may it skip its confirmation. */
export function confirmedByTest(arg: unknown, testMode: boolean): boolean {
  return testMode && typeof arg === 'object' && arg !== null && (arg as { confirmed?: unknown }).confirmed === true;
}
