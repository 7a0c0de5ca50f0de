import type { Redis } from 'ioredis';

/**
 * A sliding-window rate limit shared by every process on the same Redis: at most `count` sends per `perMs` for
 * a key. `take` either records a send and returns 0, or returns how long to wait; nothing is dropped.
 */
const TAKE = `
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export interface RateLimit {
  count: number;
  perMs: number;
}

export function createRateLimiter(redis: Redis, prefix = 'newswatch:rate') {
  let seq = 0;
  return {
    /** Records one send under `key` when the limit allows it (returns 0), else returns the ms to wait. */
    async take(key: string, limit: RateLimit, now = Date.now()): Promise<number> {
      const member = `${now}-${process.pid}-${seq++}`;
      const wait = await redis.eval(TAKE, 1, `${prefix}:${key}`, now, limit.perMs, limit.count, member);
      return Number(wait);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
