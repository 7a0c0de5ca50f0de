export { checkFeed, type CheckFeedDeps, type CheckFeedResult } from './check-feed.js';
export { deliver, deliverDigest, alertOf, digestAlertOf, type DeliverDeps, type DeliverOutcome, type SendGate } from './deliver.js';
export { nextCheckAfterFailure, deliveryRetryDelayMs } from './backoff.js';
