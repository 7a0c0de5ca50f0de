import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { NewswatchError } from '../errors.js';

export interface LocalRedis {
  url: string;
  /** Stops the server if this process started it; a server another newswatch process owns is left running. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'no Redis is configured and no redis-server was found on PATH. Install one (Debian/Ubuntu: sudo apt-get install redis-server), ' +
  'point newswatch at one with `redis:` in the config or REDIS_URL, or run `docker compose up`.';

/**
 * The embedded default: a redis-server of our own, persisting with AOF under `dir`, configured the way BullMQ
 * needs it (noeviction). Another newswatch process on the same data dir reuses the running server instead of
 * starting a second one over the same AOF files.
 */
export async function startLocalRedis(dir: string, logger: Logger): Promise<LocalRedis> {
  mkdirSync(dir, { recursive: true });
  const portFile = join(dir, 'redis.port');
  const reused = await reuseRunning(portFile);
  if (reused) {
    logger.info({ url: reused }, 'using the local redis-server another newswatch process started');
    return { url: reused, stop: async () => {} };
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--save', '', '--maxmemory-policy', 'noeviction', '--logfile', 'redis.log', '--daemonize', 'no'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilReady(child, url);
  writeFileSync(portFile, String(port));
  logger.info({ url, dir }, 'started local redis-server');
  return {
    url,
    stop: async () => {
      rmSync(portFile, { force: true });
      await stopChild(child);
      logger.info('stopped local redis-server');
    },
  };
}

async function reuseRunning(portFile: string): Promise<string | null> {
  let port: string;
  try {
    port = readFileSync(portFile, 'utf8').trim();
  } catch {
    return null;
  }
  const url = `redis://127.0.0.1:${port}`;
  return (await ping(url)) ? url : null;
}

/** Whether a Redis answers PING at `url` (no retries, no offline queue). */
export async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(child: ChildProcess, url: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new NewswatchError('REDIS_UNAVAILABLE', INSTALL_HINT) : new NewswatchError('REDIS_UNAVAILABLE', `could not start redis-server: ${err.message}`, { cause: err })),
    );
    child.once('exit', (code) => reject(new NewswatchError('REDIS_UNAVAILABLE', `redis-server exited with code ${code} while starting: ${stderr.trim() || 'see redis.log in the data directory'}`)));
  });
  const deadline = Date.now() + 15_000;
  let gaveUp = false;
  const ready = (async () => {
    while (Date.now() < deadline && !gaveUp) {
      if (await ping(url)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new NewswatchError('REDIS_UNAVAILABLE', 'redis-server did not become ready within 15 s');
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (err) {
    gaveUp = true;
    child.kill('SIGKILL');
    throw err;
  } finally {
    exited.catch(() => {});
  }
  child.removeAllListeners('exit');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGTERM makes redis-server flush the AOF and exit cleanly.
    child.kill('SIGTERM');
  });
}
