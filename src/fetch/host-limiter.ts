/**
 * Politeness per host, shared by every process using the same Redis: at most `maxConcurrent` requests in flight
 * to one host and at least `minSpacingMs` between two request starts to it.
 *
 * Rules this module owns:
 * - A slot is a lease in a sorted set per host (member: a random token; score: its expiry on Redis's clock, so
 *   processes with skewed clocks agree). One Lua script drops expired leases, checks the count and the spacing,
 *   and takes a lease atomically. A holder that crashes blocks nobody longer than `leaseMs`, so `leaseMs` must
 *   exceed the longest request (the fetch deadline) or a slow request may overlap a new one.
 * - Waiters poll with jittered sleeps (about `pollMs`, or the spacing left when that is shorter) and give up when
 *   their signal aborts. There is no queue: under contention the order is not first-come-first-served.
 * - Keys: `<prefix>{<host>}:leases` and `<prefix>{<host>}:next` (one hash slot per host); both expire on their own.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { NewswatchError } from '../errors.js';

export interface HostLimiterOptions {
  /** Requests in flight per host across all processes. Default 2. */
  maxConcurrent?: number;
  /** Minimum time between two request starts to one host. Default 1,000 ms. */
  minSpacingMs?: number;
  /** Lifetime of a slot not released (a crashed holder). Default 60,000 ms; keep it above the fetch deadline. */
  leaseMs?: number;
  /** Typical sleep between two attempts of a waiter. Default 100 ms. */
  pollMs?: number;
  /** Redis key prefix. Default "newswatch:host:". */
  keyPrefix?: string;
}

/** Frees the slot; safe to call more than once. */
export type ReleaseHostSlot = () => Promise<void>;

export interface HostLimiter {
  /**
   * Waits for a slot on `host` (e.g. "news.example.com:8080") and returns its release.
   * @throws NewswatchError FETCH_TIMEOUT / FETCH_FAILED when `signal` aborts, REDIS_UNAVAILABLE when Redis fails.
   */
  acquire(host: string, signal?: AbortSignal): Promise<ReleaseHostSlot>;
}

// KEYS: leases, next. ARGV: token, maxConcurrent, minSpacingMs, leaseMs. Returns 0 when taken, else ms to wait.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(first[2]) - now)
end
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nextAt then return nextAt - now end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
local spacing = tonumber(ARGV[3])
if spacing > 0 then redis.call('SET', KEYS[2], now + spacing, 'PX', spacing) end
return 0
`;

/** Builds a limiter on a Redis connection (ioredis); the connection stays the caller's to close. */
export function createHostLimiter(redis: Redis, options: HostLimiterOptions = {}): HostLimiter {
  const maxConcurrent = options.maxConcurrent ?? 2;
  const minSpacingMs = options.minSpacingMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  const prefix = options.keyPrefix ?? 'newswatch:host:';
  if (!(maxConcurrent >= 1) || !(minSpacingMs >= 0) || !(leaseMs >= 1) || !(pollMs >= 1)) {
    throw new NewswatchError('CONFIG_INVALID', 'host limiter: maxConcurrent and leaseMs must be ≥ 1, minSpacingMs ≥ 0');
  }

  return {
    async acquire(rawHost, signal) {
      const host = rawHost.toLowerCase();
      const keys = [`${prefix}{${host}}:leases`, `${prefix}{${host}}:next`];
      const token = randomUUID();
      for (;;) {
        if (signal?.aborted) throw abortError(host, signal);
        let waitMs: number;
        try {
          waitMs = Number(await redis.eval(ACQUIRE, 2, ...keys, token, maxConcurrent, minSpacingMs, leaseMs));
        } catch (err) {
          throw new NewswatchError('REDIS_UNAVAILABLE', `could not take a request slot for ${host}: ${String(err).split('\n')[0]}`, {
            retryable: true,
            cause: err,
          });
        }
        if (waitMs === 0) return releaser(redis, keys[0]!, token);
        // Jitter spreads waiters from different processes so they do not retry in lockstep.
        const delay = Math.max(1, Math.min(waitMs, pollMs) * (0.5 + Math.random()));
        try {
          await sleep(delay, undefined, signal ? { signal } : {});
        } catch {
          throw abortError(host, signal!);
        }
      }
    },
  };
}

function releaser(redis: Redis, leasesKey: string, token: string): ReleaseHostSlot {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    // A failed release only delays others until the lease expires.
    await redis.zrem(leasesKey, token).catch(() => {});
  };
}

function abortError(host: string, signal: AbortSignal): NewswatchError {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new NewswatchError('FETCH_TIMEOUT', `timed out waiting for a request slot on ${host}`, { retryable: true });
  }
  return new NewswatchError('FETCH_FAILED', `cancelled while waiting for a request slot on ${host}`, { retryable: true });
}
