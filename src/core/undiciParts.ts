// The parts of undici the client uses, required from their own files: the package's index also loads fetch,
// WebSocket, caches and mocks, which nearly doubled the lazily loaded network bundle and the first request's wait.
import type { Agent as AgentClass, Dispatcher, ProxyAgent as ProxyAgentClass } from 'undici';

// As undici's index does: the request/connect/… API methods live on every dispatcher (ProxyAgent needs `connect`).
const DispatcherBase: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
Object.assign(DispatcherBase.prototype, require('undici/lib/api'));

export const Agent: typeof AgentClass = require('undici/lib/dispatcher/agent');
export const ProxyAgent: typeof ProxyAgentClass = require('undici/lib/dispatcher/proxy-agent');

export type { Dispatcher };

/** undici's `request` through a given dispatcher (the index's `request` does the same URL split). */
export function request(url: string, options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher }): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = new URL(url);
  return dispatcher.request({ ...rest, origin: target.origin, path: `${target.pathname}${target.search}` });
}
