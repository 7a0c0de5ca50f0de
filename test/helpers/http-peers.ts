import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface HttpPeer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces or adds the handler for an exact path. */
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers from per-path handlers (404 otherwise). */
export async function startHttpPeer(): Promise<HttpPeer> {
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const handler = routes.get(path.split('?')[0]!);
      if (handler) handler(req, res, body);
      else res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Serves a feed body with a strong ETag and Last-Modified, answering 304 to a matching conditional GET. */
export function serveFeed(getBody: () => string, contentType = 'application/rss+xml; charset=utf-8'): Route {
  const lastModified = new Date(Date.now() - 60_000).toUTCString();
  return (req, res) => {
    const body = getBody();
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': contentType, ETag: etag, 'Last-Modified': lastModified }).end(body);
  };
}

/** Answers every request with a fixed status (a webhook receiver, or a broken feed). */
export const respondWith = (status: number, body = '', headers: Record<string, string> = {}): Route => (_req, res) => {
  res.writeHead(status, headers).end(body);
};
