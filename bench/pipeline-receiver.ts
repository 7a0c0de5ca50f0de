/**
 * The webhook receiver of the pipeline benchmark: answers 204 at once and counts deliveries by `webhook-id`
 * (the delivery id, the same on every retry), so a duplicate is an id seen twice.
 */
import { createServer, type Server } from 'node:http';

export interface Receiver {
  url: string;
  /** Counts since the last `take()`: requests, distinct ids, ids seen more than once (in this or an earlier round). */
  take(): { received: number; distinct: number; duplicated: number; ids: Set<string>; lastAtMs: number | null };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const everSeen = new Set<string>();
  let round = { received: 0, ids: new Set<string>(), duplicated: 0, lastAtMs: null as number | null };
  const server: Server = createServer((req, res) => {
    // The body is drained, not kept: ids are all the benchmark checks.
    req.resume();
    req.on('end', () => {
      const id = req.headers['webhook-id'];
      if (req.method === 'POST' && typeof id === 'string') {
        round.received++;
        round.lastAtMs = Date.now();
        if (everSeen.has(id)) round.duplicated++;
        everSeen.add(id);
        round.ids.add(id);
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    take() {
      const out = { received: round.received, distinct: round.ids.size, duplicated: round.duplicated, ids: round.ids, lastAtMs: round.lastAtMs };
      round = { received: 0, ids: new Set(), duplicated: 0, lastAtMs: null };
      return out;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
