/** What the plain pipeline (plain-pipeline.ts) prints, and how its requests are told apart in the farm's log. */
export const PLAIN_USER_AGENT = 'newswatch-plain-baseline';

export interface PlainResult {
  /** Feeds checked without error, and of them answered 304. */
  feeds: number;
  notModified: number;
  failed: number;
  items: number;
  newItems: number;
  matches: number;
  /** Webhook POSTs answered 2xx. */
  alerts: number;
  /** From the first feed request to the last job done. */
  spanMs: number;
}
