/** Queue and job names and payloads. Payloads carry ids only: job data sits in Redis in clear text. */
export const FETCH_QUEUE = 'newswatch-fetch';
export const DELIVER_QUEUE = 'newswatch-deliver';
export const TICK_SCHEDULER_ID = 'due-feeds-tick';

export interface FetchQueueJobs {
  tick: Record<string, never>;
  /** The due feeds of one group (feed-groups.ts), checked one after another. */
  'fetch-feeds': { feedIds: string[] };
  /** One feed: what versions before fetch groups queued; still run so an upgrade loses no queued check. */
  'fetch-feed': { feedId: string };
}

export interface DeliverQueueJobs {
  /** `attemptsBefore`: attempts made before the job was queued (an inline first attempt), counted against the schedule. */
  deliver: { deliveryId: string; attemptsBefore?: number };
  'deliver-digest': { digestId: string };
}

export type DeliverJobName = keyof DeliverQueueJobs;
export type DeliverJobData = DeliverQueueJobs[DeliverJobName];

export type FetchJobName = keyof FetchQueueJobs;
export type FetchJobData = FetchQueueJobs[FetchJobName];

/** Job ids never contain ':' (BullMQ uses it as its key separator). */
export const deliveryJobId = (deliveryId: string): string => `dlv-${deliveryId}`;
export const digestJobId = (digestId: string): string => `dig-${digestId}`;
export const fetchGroupDedupId = (group: number): string => `fetch-group-${group}`;
