// HTTP agents whose connections are CONNECT tunnels through an HTTP(S) proxy, for the client outside VS Code (inside
// it, the extension host's own proxy support handles node:http). Plain and TLS targets are both tunnelled, as most
// corporate proxies expect; each tunnel is a pooled keep-alive connection like any other.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';

export interface TunnelOptions {
  proxyUrl: string;
  /** Deadline for reaching the proxy and its answer to CONNECT. */
  timeoutMs: number;
  /** Checks the target's certificate (a TLS proxy's own certificate is always checked). */
  rejectUnauthorized: boolean;
  /** Idle time after which a pooled connection is closed. */
  freeSocketTimeoutMs: number;
}

type ConnectCallback = (error: Error | null, socket: Duplex) => void;

/** Checks a proxy URL; throws an Error naming what is wrong. */
export function parseProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new Error(`The proxy "${proxyUrl}" is not a URL like http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The proxy "${proxyUrl}" must be an http:// or https:// URL.`);
  return url;
}

function proxyError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Opens a tunnel to host:port through the proxy; resolves to the raw socket, already past the proxy's answer. */
function openTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    const socket: net.Socket =
      proxy.protocol === 'https:'
        ? tls.connect({ host: proxy.hostname, port: proxyPort, servername: net.isIP(proxy.hostname) ? undefined : proxy.hostname })
        : net.connect({ host: proxy.hostname, port: proxyPort });
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(proxyError(`The proxy ${proxy.host} did not open a tunnel to ${authority} within ${timeoutMs} ms.`, 'ETIMEDOUT')));
    socket.once('error', fail);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16 * 1024) fail(proxyError(`The proxy ${proxy.host} sent an oversized answer to CONNECT.`, 'EPROXY'));
        return;
      }
      socket.off('data', onData);
      socket.off('error', fail);
      socket.setTimeout(0);
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      if (!(status >= 200 && status < 300)) {
        fail(proxyError(`The proxy ${proxy.host} refused the tunnel to ${authority}: ${statusLine || 'no status line'}.`, status === 407 ? 'EPROXYAUTH' : 'EPROXY'));
        return;
      }
      // Bytes after the proxy's answer already belong to the target.
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    const auth = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  });
}

interface TargetOptions {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  servername?: string;
}

function target(options: TargetOptions, defaultPort: number): { host: string; port: number } {
  const host = (options.hostname ?? options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
  return { host, port: Number(options.port) || defaultPort };
}

class PlainTunnelAgent extends http.Agent {
  constructor(private readonly proxy: URL, private readonly tunnel: TunnelOptions) {
    super({ keepAlive: true, timeout: tunnel.freeSocketTimeoutMs });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback): undefined {
    const { host, port } = target(options, 80);
    openTunnel(this.proxy, host, port, this.tunnel.timeoutMs).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as never),
    );
    return undefined;
  }
}

class TlsTunnelAgent extends https.Agent {
  constructor(private readonly proxy: URL, private readonly tunnel: TunnelOptions) {
    super({ keepAlive: true, timeout: tunnel.freeSocketTimeoutMs, rejectUnauthorized: tunnel.rejectUnauthorized });
  }

  override createConnection(options: http.ClientRequestArgs & TargetOptions, callback?: ConnectCallback): undefined {
    const { host, port } = target(options, 443);
    openTunnel(this.proxy, host, port, this.tunnel.timeoutMs).then(
      (raw) => {
        const secure = tls.connect({
          socket: raw,
          servername: options.servername ?? (net.isIP(host) ? undefined : host),
          rejectUnauthorized: this.tunnel.rejectUnauthorized,
          ALPNProtocols: ['http/1.1'],
        });
        // TLS errors surface on the request through the socket; the callback hands it over at once, like https.Agent.
        callback?.(null, secure);
      },
      (error: Error) => callback?.(error, undefined as never),
    );
    return undefined;
  }
}

/** Agents for plain and TLS targets that tunnel through the proxy. */
export function tunnelAgents(tunnel: TunnelOptions): { http: http.Agent; https: https.Agent } {
  const proxy = parseProxyUrl(tunnel.proxyUrl);
  return { http: new PlainTunnelAgent(proxy, tunnel), https: new TlsTunnelAgent(proxy, tunnel) };
}
