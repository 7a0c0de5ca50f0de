import type { Generated } from 'kysely';

/** Table shapes as stored. Times are epoch milliseconds so SQLite and PostgreSQL sort them the same way. */
export interface FeedsTable {
  id: string;
  url: string;
  title: string | null;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  next_check_at: number;
  last_checked_at: number | null;
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  created_at: number;
  health: Generated<string>;
  warning: string | null;
  hint_interval_ms: Generated<number>;
}

export interface ArticlesTable {
  id: Generated<number>;
  feed_id: string;
  item_key: string;
  url: string | null;
  title: string;
  summary: string;
  content: string;
  source: string;
  published_at: number | null;
  first_seen_at: number;
  duplicate_of: number | null;
  url_key: string | null;
}

/** Story fingerprints of matched articles, apart from the wide article rows so grouping reads only these. */
export interface ArticleFingerprintsTable {
  article_id: number;
  fingerprint: string;
}

export interface ArticleSightingsTable {
  feed_id: string;
  item_key: string;
  article_id: number;
  url: string | null;
  seen_at: number;
}

export interface StoriesTable {
  id: string;
  topic_id: string;
  topic_name: string;
  headline: string;
  primary_code: string | null;
  primary_name: string | null;
  key_terms: string;
  entities: Generated<string>;
  sources: string;
  article_count: number;
  first_seen_at: number;
  last_seen_at: number;
  last_alert_at: number | null;
  last_update_at: number | null;
}

export interface StoryBandsTable {
  topic_id: string;
  band: string;
  story_id: string;
}

export interface TopicEntitiesTable {
  topic_id: string;
  code: string;
  story_id: string;
  first_seen_at: number;
}

export interface MatchesTable {
  id: string;
  topic_id: string;
  topic_name: string;
  article_id: number;
  score: number;
  matched_terms: string;
  snippet: string;
  alerted: number;
  created_at: number;
  story_id: string | null;
  entities: Generated<string>;
}

export interface DeliveriesTable {
  id: string;
  match_id: string;
  notifier_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  story_id: string | null;
  is_update: Generated<number>;
  thread_id: string | null;
  digest_id: string | null;
  /** Until when its creator sends it itself (ms); the reconcile skips it till then. */
  lease_until: number | null;
}

export interface DigestsTable {
  id: string;
  notifier_id: string;
  period_start: number;
  period_end: number;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

export interface NotifierStateTable {
  notifier_id: string;
  disabled_at: number | null;
  disabled_reason: string | null;
}

export interface Database {
  feeds: FeedsTable;
  articles: ArticlesTable;
  matches: MatchesTable;
  deliveries: DeliveriesTable;
  article_sightings: ArticleSightingsTable;
  article_fingerprints: ArticleFingerprintsTable;
  stories: StoriesTable;
  story_bands: StoryBandsTable;
  topic_entities: TopicEntitiesTable;
  digests: DigestsTable;
  notifier_state: NotifierStateTable;
}
