// The environments a request can go to, and the local sandbox's built-in demo pair (kept apart from the settings
// schema so the main bundle need not load zod).
export const ENVIRONMENT_IDS = ['local', 'sandbox', 'production'] as const;
export type EnvironmentId = (typeof ENVIRONMENT_IDS)[number];

/** The local sandbox accepts these with nothing configured; they are no secret and sign nothing elsewhere. */
export const DEMO_CREDENTIALS = { clientCode: 'sandbox-client', signKey: 'sandbox-sign-key' } as const;
