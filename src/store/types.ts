import type { Article, TopicMatch } from '../types.js';
import type { FeedConfig } from '../config/types.js';

/** A feed's durable state: what the scheduler and `newswatch feeds` read. */
export interface FeedState {
  id: string;
  url: string;
  /** The feed's own channel title, learnt on the last successful parse. */
  title: string | null;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  nextCheckAt: Date;
  lastCheckedAt: Date | null;
  lastStatus: 'ok' | 'not-modified' | 'error' | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** Articles stored for this feed so far. */
  itemCount: number;
}

export interface FetchSuccess {
  status: 'ok' | 'not-modified';
  httpStatus: number;
  etag: string | null;
  lastModified: string | null;
  title: string | null;
  nextCheckAt: Date;
}

export interface FetchFailure {
  httpStatus: number | null;
  error: string;
  nextCheckAt: Date;
}

/** One newly seen article with the topics it matched. `alert` is false for backlog items. */
export interface NewArticleRecord {
  article: Article;
  matches: (TopicMatch & { topicName: string; snippet: string; notify: readonly string[] })[];
  alert: boolean;
}

export interface SaveResult {
  newArticles: number;
  newMatches: number;
  /** Deliveries created in the same transaction, to be enqueued. */
  deliveryIds: string[];
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface MatchView {
  matchId: string;
  topicId: string;
  topicName: string;
  score: number;
  matchedTerms: string[];
  snippet: string;
  alerted: boolean;
  createdAt: Date;
  article: {
    id: number;
    feedId: string;
    url: string | null;
    title: string;
    source: string;
    summary: string;
    published: Date | null;
  };
}

export interface DeliveryView {
  id: string;
  notifierId: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
  match: MatchView;
}

/**
 * Durable state of newswatch. Every method is one transaction; implementations must be safe to call again with the
 * same input (BullMQ is at-least-once): re-saving an article or match is a no-op, never a second delivery.
 */
export interface Store {
  readonly kind: string;
  close(): Promise<void>;

  /** Adds new feeds (due at once), updates URLs, disables feeds no longer configured. */
  syncFeeds(feeds: readonly FeedConfig[], now: Date): Promise<void>;
  listFeeds(): Promise<FeedState[]>;
  getFeed(id: string): Promise<FeedState | undefined>;
  /** Ids of enabled feeds whose next check is due, most overdue first. */
  dueFeedIds(now: Date, limit: number): Promise<string[]>;
  recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void>;
  recordFetchFailure(feedId: string, failure: FetchFailure, now: Date): Promise<void>;

  /** The subset of `keys` this feed has not stored yet. */
  unseenKeys(feedId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Stores new articles, their matches and one pending delivery per (match, notifier), atomically. */
  saveArticles(feedId: string, records: readonly NewArticleRecord[], now: Date): Promise<SaveResult>;

  getDelivery(id: string): Promise<DeliveryView | undefined>;
  markDelivered(id: string, now: Date): Promise<void>;
  /** Records a failed attempt; `final` marks the delivery failed for good. */
  recordDeliveryFailure(id: string, error: string, final: boolean, now: Date): Promise<void>;
  /** Ids of deliveries still pending, oldest first (for re-enqueueing after a restart or Redis loss). */
  pendingDeliveryIds(limit: number): Promise<string[]>;
  listDeliveries(filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryView[]>;

  /** Stored matches, newest first. */
  listMatches(filter: { topicId?: string[]; since?: Date; limit: number }): Promise<MatchView[]>;
}
