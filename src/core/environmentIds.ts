// The environments a request can go to (kept apart from the settings schema so activation need not load zod).
export const ENVIRONMENT_IDS = ['local', 'sandbox', 'production'] as const;
export type EnvironmentId = (typeof ENVIRONMENT_IDS)[number];
