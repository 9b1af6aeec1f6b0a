// The lazily loaded bundle (dist/network.js): the HTTP client and its dependencies (undici, zod envelopes), kept
// out of the main bundle so activation stays cheap. The extension requires it on the first request.
export { PrakerjaClient } from './core/voidClient';
