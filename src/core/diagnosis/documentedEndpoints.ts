// The endpoints of the Prakerja integration API that sign the same way (shared spec NOTES): a signer copied from one
// of them often signs its path while the request goes to another.
export const DOCUMENTED_ENDPOINTS: readonly string[] = [
  '/api/v1/integration/payment/void',
  '/api/v1/integration/payment/status',
  '/api/v1/integration/payment/send-otp',
  '/api/v1/integration/payment/authorize',
  '/api/v1/integration/payment/quota-schedule',
  '/api/v1/integration/payment/check-quota',
  '/api/v1/integration/payment/redeem-code/status',
  '/api/v1/integration/payment/redeem-code/commit',
  '/api/v1/integration/oauth/url-generate',
  '/api/v1/integration/tpm/submission',
  '/api/v1/integration/tpm/submission/status',
  '/api/v1/integration/tpm/feedback/submission',
];
