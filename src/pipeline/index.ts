export { checkFeed, type CheckFeedDeps, type CheckFeedOptions, type CheckFeedResult } from './check-feed.js';
export { NotModifiedWrites } from './state-writes.js';
export { deliver, deliverDigest, alertOf, digestAlertOf, type DeliverDeps, type DeliverOutcome, type SendGate } from './deliver.js';
export { nextCheckAfterFailure, deliveryRetryDelayMs } from './backoff.js';
