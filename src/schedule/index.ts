export { DELIVERY_LEASE_MS, Scheduler, type SchedulerDeps } from './scheduler.js';
export { runOnce, type RunOnceSummary } from './run-once.js';
export { startLocalRedis, type LocalRedis } from './local-redis.js';
