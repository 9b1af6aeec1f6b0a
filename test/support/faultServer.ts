// A small scriptable HTTP(S) server on 127.0.0.1 for fault tests: each test says how the next requests are answered.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './selfSignedCertificate';

export type Fault = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface FaultServer {
  url: string;
  /** How many requests reached the server (to prove nothing was retried). */
  hits: number;
  /** The last request's body as received. */
  lastBody: string | undefined;
  use(fault: Fault): void;
  close(): Promise<void>;
}

export async function startFaultServer(options: { tls?: boolean } = {}): Promise<FaultServer> {
  let fault: Fault = faults.json(200, { success: true, message: 'ok' });
  const sockets = new Set<Socket>();
  const state = { hits: 0, lastBody: undefined as string | undefined };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    state.hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.lastBody = Buffer.concat(chunks).toString('utf8');
      fault(req, res, state.lastBody);
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, handler)
    : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    get hits() {
      return state.hits;
    },
    get lastBody() {
      return state.lastBody;
    },
    use(next) {
      fault = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Ready-made faults. */
export const faults = {
  json: (status: number, body: unknown, headers: Record<string, string> = {}): Fault => (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  },
  text: (status: number, text: string, contentType: string, headers: Record<string, string> = {}): Fault => (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(text);
  },
  /** Headers never arrive. */
  hang: (): Fault => () => {},
  /** Headers and part of the body arrive, then nothing. */
  stallBody: (): Fault => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"success":');
  },
  /** The connection is torn down before any answer. */
  reset: (): Fault => (req) => {
    req.socket.resetAndDestroy();
  },
  /** A body of `bytes` bytes of valid JSON. */
  huge: (bytes: number): Fault => (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const filler = 'x'.repeat(64 * 1024);
    res.write('{"success":true,"message":"');
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += filler.length;
        if (!res.write(filler)) return void res.once('drain', pump);
      }
      res.end('"}');
    };
    pump();
  },
  redirect: (location: string): Fault => (_req, res) => {
    res.writeHead(307, { location });
    res.end();
  },
};
