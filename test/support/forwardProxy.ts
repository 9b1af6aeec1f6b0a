// A forward proxy on 127.0.0.1 for proxy tests: CONNECT tunnels and absolute-form requests (`POST http://host/…`), both
// sent to one local origin whatever host they name, so no real DNS or network is needed. It records what it was
// asked for, and can demand Basic credentials.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** `host:port` of every CONNECT, in order. */
  tunnels: string[];
  /** Absolute URLs of every forwarded plain request, in order. */
  forwarded: string[];
  /** Proxy-Authorization headers received (CONNECT and forwarded requests). */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startForwardProxy(origin: { host: string; port: number }, options: { requireAuth?: string } = {}): Promise<ForwardProxy> {
  const state = { tunnels: [] as string[], forwarded: [] as string[], authorizations: [] as string[] };
  const sockets = new Set<Socket>();
  const expected = options.requireAuth ? `Basic ${Buffer.from(options.requireAuth).toString('base64')}` : undefined;
  const authorized = (req: IncomingMessage) => {
    const given = req.headers['proxy-authorization'];
    if (given) state.authorizations.push(given);
    return !expected || given === expected;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    state.forwarded.push(req.url ?? '');
    if (!authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '/');
    const upstream = httpRequest({ host: origin.host, port: origin.port, method: req.method, path: `${target.pathname}${target.search}`, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    state.tunnels.push(req.url ?? '');
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (!authorized(req)) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(origin.port, origin.host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
