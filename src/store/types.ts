import type { Article, AlertEntity } from '../types.js';
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
  lastStatus: FetchStatus | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** `unhealthy` after too many failures in a row; `gone` after a 410 (paused until its URL changes). */
  health: FeedHealth;
  /** A problem the last successful check recovered from (e.g. malformed XML read leniently). */
  warning: string | null;
  /** Minimum interval the feed's own body asked for (RSS ttl, sy:updatePeriod), 0 for none. */
  hintIntervalMs: number;
  /** Articles first seen in this feed. */
  itemCount: number;
}

export type FeedHealth = 'ok' | 'unhealthy' | 'gone';

/** What a check needs of a feed's state: all of it but the item count, which costs a scan to know. */
export type FeedCheckState = Omit<FeedState, 'itemCount'>;

export type FetchStatus = 'ok' | 'not-modified' | 'error';

export interface FetchSuccess {
  status: 'ok' | 'not-modified';
  httpStatus: number;
  etag: string | null;
  lastModified: string | null;
  title: string | null;
  nextCheckAt: Date;
  warning?: string | null;
  hintIntervalMs?: number;
}

export interface FetchFailure {
  httpStatus: number | null;
  error: string;
  nextCheckAt: Date;
}

/** `held`: waiting for its notifier's next digest. */
export type DeliveryStatus = 'pending' | 'held' | 'delivered' | 'failed';

export interface StoryArticleView {
  articleId: number;
  url: string | null;
  title: string;
  source: string;
  published: Date | null;
  snippet: string;
}

export interface StoryView {
  id: string;
  topicId: string;
  topicName: string;
  headline: string;
  primaryEntity: { code: string; name: string } | null;
  firstSeen: Date;
  lastSeen: Date;
  articleCount: number;
  sources: string[];
  /** Whether any alert was sent for it (a story of backlog articles only was not). */
  alerted: boolean;
  /** Entities of the match that opened the story, with `new` as it was then. */
  entities: AlertEntity[];
  /** Oldest first. */
  articles: StoryArticleView[];
}

export interface MatchView {
  matchId: string;
  topicId: string;
  topicName: string;
  storyId: string | null;
  score: number;
  matchedTerms: string[];
  snippet: string;
  entities: AlertEntity[];
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
  isUpdate: boolean;
  /** For an update: the id of the first delivery of the same story to the same notifier. */
  threadId: string | null;
  match: MatchView;
  story: StoryView | null;
}

export interface DigestView {
  id: string;
  notifierId: string;
  periodStart: Date;
  periodEnd: Date;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  /** The alerts it carries, oldest first. */
  deliveries: DeliveryView[];
}

/** A story as the grouping logic sees it when deciding where an article belongs. */
export interface StoryCandidateRecord {
  id: string;
  primaryCode: string | null;
  firstSeen: Date;
  lastSeen: Date;
  /** When its first alert was sent; null while only backlog articles matched. */
  lastAlertAt: Date | null;
  /** When its last follow-up was sent. */
  lastUpdateAt: Date | null;
  keyTerms: string[];
  sources: string[];
  /** Serialised fingerprints of its most recent articles, with their article ids. */
  articles: { articleId: number; fingerprint: string | null }[];
}

export interface NewStory {
  topicId: string;
  topicName: string;
  headline: string;
  primaryCode: string | null;
  primaryName: string | null;
  keyTerms: string[];
  entities: AlertEntity[];
  source: string;
  bands: string[];
  /** Set when the story's first alert is queued as it opens: saves a `setStoryAlertedAt` per new story. */
  alertedAt?: Date;
}

export interface NewMatch {
  topicId: string;
  topicName: string;
  articleId: number;
  storyId: string | null;
  score: number;
  matchedTerms: string[];
  snippet: string;
  entities: AlertEntity[];
  alerted: boolean;
}

export interface NewArticleRow {
  article: Article;
  urlKey: string | null;
  /**
   * Serialised story fingerprint. Only matched articles have one, and only they keep their summary and body:
   * an article no topic wants is kept as its identity (feed, key, URL, title, dates) for dedup and sightings.
   */
  fingerprint: string | null;
}

export interface NewSighting {
  articleId: number;
  itemKey: string;
  url: string | null;
}

/** The writes of one feed check, done in one transaction by the pipeline's logic. */
export interface StoreTx {
  /** For each URL identity key already stored (from any feed), the first article stored under it. */
  findArticlesByUrlKeys(urlKeys: readonly string[]): Promise<Map<string, number>>;
  /** Inserts one feed's new articles (distinct item keys) in as few statements as possible; ids in input order. */
  insertArticles(feedId: string, rows: readonly NewArticleRow[], now: Date): Promise<number[]>;
  /** Records that a feed listed these articles; returns the item keys it had not listed before. */
  addSightings(feedId: string, rows: readonly NewSighting[], now: Date): Promise<Set<string>>;
  markDuplicate(articleId: number, ofArticleId: number): Promise<void>;
  /** The feed's state after a successful check, in the same transaction as its articles (one commit, not two). */
  recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void>;

  /**
   * Stories of a topic sharing an LSH band with the article, or with the same primary entity, seen since `since`
   * and (when given) first seen no later than `until`: a late-processed old article must not load every later story.
   */
  storyCandidates(topicId: string, query: { bands: string[]; primaryCode: string | null; since: Date; until?: Date }): Promise<StoryCandidateRecord[]>;
  /** A story seen first at `seenAt`: the publication time of its first article (event time, not ingest time). */
  createStory(story: NewStory, seenAt: Date): Promise<string>;
  /**
   * Adds an article to a story: its bands, one more to the count, the [first, last] seen span widened to `seenAt`.
   * `sources` and `keyTerms` replace the story's (already merged from what `storyCandidates` returned).
   */
  addToStory(storyId: string, update: { sources: string[]; keyTerms: string[]; bands: string[]; topicId: string }, seenAt: Date): Promise<void>;
  /** Records that the story's first alert (`first`) or a follow-up (`update`) was queued. */
  setStoryAlertedAt(storyId: string, kind: 'first' | 'update', now: Date): Promise<void>;

  /** Primary entities this topic has already had stories about. */
  knownPrimaryEntities(topicId: string, codes: readonly string[]): Promise<Set<string>>;
  recordPrimaryEntity(topicId: string, code: string, storyId: string, now: Date): Promise<void>;

  /** Inserts a match; undefined when the (topic, article) pair already has one. */
  insertMatch(match: NewMatch, now: Date): Promise<string | undefined>;
  /** The first (non-update) delivery of a story per notifier: what follow-ups thread under. */
  storyThreadIds(storyId: string): Promise<Map<string, string>>;
  /**
   * Inserts one delivery per notifier: `pending`, or `held` for the notifiers in `held` (digests). Returns the pending
   * ones' ids. With `leaseUntil`, the pending ones are leased to the caller, who sends them itself (see
   * `pendingDeliveryIds`).
   */
  insertDeliveries(
    input: {
      matchId: string;
      storyId: string | null;
      notifierIds: readonly string[];
      isUpdate: boolean;
      threadIds?: ReadonlyMap<string, string>;
      held?: ReadonlySet<string>;
      leaseUntil?: Date;
    },
    now: Date,
  ): Promise<string[]>;
}

/**
 * Durable state of newswatch. Implementations must be safe to call again with the same input (BullMQ is
 * at-least-once): re-recording an article or match is a no-op, never a second delivery.
 */
export interface Store {
  readonly kind: string;
  close(): Promise<void>;

  /** Adds new feeds (due at once), updates URLs, disables feeds no longer configured. */
  syncFeeds(feeds: readonly FeedConfig[], now: Date): Promise<void>;
  listFeeds(): Promise<FeedState[]>;
  getFeed(id: string): Promise<FeedState | undefined>;
  /** The check state of each of these feeds that has a row, in one query (a fetch job reads its group's at once). */
  feedCheckStates(ids: readonly string[]): Promise<Map<string, FeedCheckState>>;
  /** Ids of enabled feeds whose next check is due, most overdue first. */
  dueFeedIds(now: Date, limit: number): Promise<string[]>;
  recordFetchSuccess(feedId: string, result: FetchSuccess, now: Date): Promise<void>;
  recordFetchFailure(feedId: string, failure: FetchFailure, now: Date): Promise<void>;
  setFeedHealth(feedId: string, health: FeedHealth): Promise<void>;

  /** The subset of `keys` this feed has not listed before. */
  unseenKeys(feedId: string, keys: readonly string[]): Promise<Set<string>>;
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;

  getDelivery(id: string): Promise<DeliveryView | undefined>;
  markDelivered(id: string, now: Date): Promise<void>;
  /** Records a failed attempt and ends the delivery's lease (its retries are queued); `final` marks it failed for good. */
  recordDeliveryFailure(id: string, error: string, final: boolean, now: Date): Promise<void>;
  /**
   * Ids of deliveries still pending, oldest first (for re-enqueueing after a restart or Redis loss), except those
   * leased to their creator beyond `now`.
   */
  pendingDeliveryIds(limit: number, now: Date): Promise<string[]>;
  /** Ends the leases of deliveries their creator will not send after all, so the next reconcile queues them. */
  releaseDeliveryLeases(ids: readonly string[]): Promise<void>;
  listDeliveries(filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryView[]>;
  /** Cheap progress figures for `run --once`: the last status of feeds checked since `since`, and delivery counts. */
  feedsCheckedSince(since: Date): Promise<Map<string, FetchStatus>>;
  countFeedsCheckedSince(since: Date): Promise<number>;
  deliveryProgress(since: Date): Promise<{ notYetTried: number; delivered: number; awaitingRetry: number; failed: number }>;
  /** deliveryProgress's `notYetTried` alone, cheap enough to poll while thousands of deliveries drain. */
  countUntriedDeliveries(since: Date): Promise<number>;

  /** Collects the notifier's held deliveries created before `periodEnd` into a new digest; undefined when none or already done. */
  createDigest(notifierId: string, period: { start: Date; end: Date }, now: Date): Promise<string | undefined>;
  getDigest(id: string): Promise<DigestView | undefined>;
  markDigestDelivered(id: string, now: Date): Promise<void>;
  recordDigestFailure(id: string, error: string, final: boolean, now: Date): Promise<void>;
  pendingDigestIds(limit: number): Promise<string[]>;
  /** Puts failed deliveries (all, or the given ids) back to pending; returns how many. */
  retryFailedDeliveries(ids: readonly string[] | 'all', now: Date): Promise<number>;

  /** Whether a notifier was disabled (its endpoint answered 410 Gone), and why. */
  notifierDisabled(notifierId: string): Promise<{ at: Date; reason: string } | undefined>;
  disableNotifier(notifierId: string, reason: string, now: Date): Promise<void>;
  enableNotifier(notifierId: string): Promise<void>;

  /** Stored matches, newest first. */
  listMatches(filter: { topicId?: string[]; since?: Date; limit: number }): Promise<MatchView[]>;
  getStory(id: string): Promise<StoryView | undefined>;
  /** Stories, most recently active first. */
  listStories(filter: { topicId?: string[]; since?: Date; limit: number }): Promise<StoryView[]>;
}
