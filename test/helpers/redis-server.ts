import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  /** SIGKILLs the server: no shutdown save, like a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (its AOF is replayed). */
  restart(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** Starts a real redis-server on a free port with AOF in a temp dir. */
export async function startRedisServer(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'nw-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const spawnServer = async () => {
    const server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    await waitForPing(url, server);
    return server;
  };
  let child: ChildProcess = await spawnServer();
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(sig);
    await exited;
  };
  return {
    url,
    port,
    dir,
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      child = await spawnServer();
    },
    stop: async () => {
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(url: string, child: ChildProcess): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  for (let i = 0; i < 200; i++) {
    if (spawnError) throw new Error(`redis-server could not start (is it installed? apt-get install redis-server): ${spawnError.message}`);
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
  throw new Error('redis-server did not answer PING within 10 s');
}

/** Empties the test server between tests (every queue, job and scheduler). */
export async function flushRedis(url: string): Promise<void> {
  const client = new Redis(url);
  try {
    await client.flushall();
  } finally {
    client.disconnect();
  }
}
