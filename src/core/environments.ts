// The environments a request can go to, and the local sandbox's built-in demo pair (kept apart from the settings
// schema so the main bundle need not load zod).
export const ENVIRONMENT_IDS = ['local', 'sandbox', 'production'] as const;
export type EnvironmentId = (typeof ENVIRONMENT_IDS)[number];

/** The local sandbox accepts these with nothing configured; they are no secret and sign nothing elsewhere. */
export const DEMO_CREDENTIALS = { clientCode: 'sandbox-client', signKey: 'sandbox-sign-key' } as const;

/**
 * The pairs the local sandbox accepts: the demo pair, and the pair stored for Local unless it reuses the demo
 * client_code (the demo client_code keeps the demo key: another key stored with it is a mistake the sandbox shows).
 */
export function localSandboxClients(stored: { clientCode: string; signKey: string } | undefined): Array<{ clientCode: string; signKey: string }> {
  const own = stored !== undefined && stored.clientCode !== DEMO_CREDENTIALS.clientCode;
  return own ? [{ ...DEMO_CREDENTIALS }, { clientCode: stored.clientCode, signKey: stored.signKey }] : [{ ...DEMO_CREDENTIALS }];
}
