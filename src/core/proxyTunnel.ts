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

/** The proxy URL without its credentials, for messages. */
function shown(proxyUrl: string): string {
  return proxyUrl.replace(/\/\/[^/@]*@/, '//');
}

/** Checks a proxy URL; throws an Error naming what is wrong (never its credentials). */
function parseProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new Error(`The proxy "${shown(proxyUrl)}" is not a URL like http://host:port.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`The proxy "${shown(proxyUrl)}" must be an http:// or https:// URL.`);
  return url;
}

interface Proxy {
  host: string;
  port: number;
  tls: boolean;
  /** `Proxy-Authorization` value, when the URL carries credentials. */
  authorization?: string;
  /** host:port as shown in messages. */
  label: string;
}

function proxyOf(url: URL, proxyUrl: string): Proxy {
  const tls = url.protocol === 'https:';
  let authorization: string | undefined;
  if (url.username) {
    try {
      authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    } catch {
      throw new Error(`The proxy "${shown(proxyUrl)}" has credentials that are not validly percent-encoded.`);
    }
  }
  return {
    host: bare(url.hostname),
    port: Number(url.port) || (tls ? 443 : 80),
    tls,
    ...(authorization ? { authorization } : {}),
    label: url.host,
  };
}

/** A host name as sockets want it: URLs keep an IPv6 address in brackets. */
function bare(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

function proxyError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Opens a tunnel to host:port through the proxy; resolves to the raw socket, already past the proxy's answer. */
function openTunnel(proxy: Proxy, host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = proxy.tls
      ? tls.connect({ host: proxy.host, port: proxy.port, servername: net.isIP(proxy.host) ? undefined : proxy.host })
      : net.connect({ host: proxy.host, port: proxy.port });
    const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    let head = Buffer.alloc(0);
    const stopListening = () => {
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('end', onClosed);
      socket.off('close', onClosed);
      socket.off('timeout', onTimeout);
      socket.setTimeout(0);
    };
    const fail = (error: Error) => {
      stopListening();
      socket.destroy();
      reject(error);
    };
    const onTimeout = () => fail(proxyError(`The proxy ${proxy.label} did not open a tunnel to ${authority} within ${timeoutMs} ms.`, 'ETIMEDOUT'));
    const onClosed = () => fail(proxyError(`The proxy ${proxy.label} closed the connection before answering CONNECT to ${authority}.`, 'ECONNRESET'));
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16 * 1024) fail(proxyError(`The proxy ${proxy.label} sent an oversized answer to CONNECT.`, 'EPROXY'));
        return;
      }
      const statusLine = head.subarray(0, head.indexOf('\r\n')).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      if (!(status >= 200 && status < 300)) {
        fail(proxyError(`The proxy ${proxy.label} refused the tunnel to ${authority}: ${statusLine || 'no status line'}.`, status === 407 ? 'EPROXYAUTH' : 'EPROXY'));
        return;
      }
      stopListening();
      // Bytes after the proxy's answer already belong to the target.
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.setTimeout(timeoutMs);
    socket.on('timeout', onTimeout);
    socket.on('error', fail);
    socket.on('end', onClosed);
    socket.on('close', onClosed);
    socket.on('data', onData);
    const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
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
  const host = bare(options.hostname ?? options.host ?? 'localhost');
  return { host, port: Number(options.port) || defaultPort };
}

class PlainTunnelAgent extends http.Agent {
  constructor(private readonly proxy: Proxy, private readonly tunnel: TunnelOptions) {
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
  constructor(private readonly proxy: Proxy, private readonly tunnel: TunnelOptions) {
    super({ keepAlive: true, timeout: tunnel.freeSocketTimeoutMs, rejectUnauthorized: tunnel.rejectUnauthorized });
  }

  override createConnection(options: http.ClientRequestArgs & TargetOptions, callback?: ConnectCallback): undefined {
    const { host, port } = target(options, 443);
    openTunnel(this.proxy, host, port, this.tunnel.timeoutMs).then(
      (raw) => {
        const secure = tls.connect({
          socket: raw,
          // The certificate is checked against the target (never the proxy); SNI only carries host names.
          host,
          servername: options.servername || (net.isIP(host) ? undefined : host),
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
  const proxy = proxyOf(parseProxyUrl(tunnel.proxyUrl), tunnel.proxyUrl);
  return { http: new PlainTunnelAgent(proxy, tunnel), https: new TlsTunnelAgent(proxy, tunnel) };
}
