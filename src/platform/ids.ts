// Identifiers shared across bundles (the activation code, the features and the debugger): kept tiny, as every
// bundle includes it.
export const DEBUGGER_VIEW_TYPE = 'prakerja.signatureDebugger';
export const HISTORY_SCHEME = 'prakerja-history';
export const COMMAND_SET_CREDENTIALS = 'prakerja.setCredentials';
export const COMMAND_OPEN_DEBUGGER = 'prakerja.openSignatureDebugger';
export const COMMAND_OPEN_RECEIVED_IN_DEBUGGER = 'prakerja.sandboxRequests.openInDebugger';

/** Where an environment's credentials are kept in SecretStorage. */
export const credentialSecretKey = (environment: string) => `prakerja.credentials.${environment}`;

/** publisher.name from package.json. */
export const EXTENSION_ID = 'prakerja-toolkit.prakerja-api-toolkit';
export const SANDBOX_REQUEST_SCHEME = 'prakerja-sandbox-request';
