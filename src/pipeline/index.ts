export { checkFeed, type CheckFeedDeps, type CheckFeedResult } from './check-feed.js';
export { deliver, alertOf, type DeliverDeps, type DeliverOutcome } from './deliver.js';
export { nextCheckAfterFailure, deliveryRetryDelayMs, DELIVERY_MAX_ATTEMPTS } from './backoff.js';
