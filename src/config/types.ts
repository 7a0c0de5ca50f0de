/**
 * The validated, normalised configuration every other module reads. Durations are milliseconds, sizes bytes,
 * paths absolute. Produced only by `loadConfig` (config/load.ts); frozen.
 */

export interface NetworkConfig {
  /** Allow feeds/webhooks on private, loopback and link-local addresses (tests, intranet feeds). Default false. */
  allowPrivate: boolean;
  /** CIDRs allowed even though private, e.g. ["10.1.0.0/16"]. Default []. */
  allowCidrs: string[];
  userAgent: string;
  /** Total deadline of one feed request. Default 20 s. */
  timeoutMs: number;
  /** Cap on the decoded response body. Default 5 MB. */
  maxBytes: number;
}

export interface FeedConfig {
  id: string;
  url: string;
  /** Optional display name of the outlet; when absent the feed's own title is used. */
  name: string | null;
  everyMs: number;
  enabled: boolean;
}

export interface EntitiesConfig {
  type: 'country';
  known: string[];
  ignore: string[];
}

export interface TopicConfig {
  id: string;
  name: string;
  query: string;
  notify: string[];
  entities: EntitiesConfig | null;
}

export interface WebhookNotifierConfig {
  id: string;
  type: 'webhook';
  url: string;
  /** Standard Webhooks signing secret, `whsec_` + base64. Optional; unsigned when absent. */
  secret: string | null;
  headers: Record<string, string>;
}

export interface EmailNotifierConfig {
  id: string;
  type: 'email';
  /** smtp:// or smtps:// URL, credentials allowed (from ${ENV}). */
  smtp: string;
  from: string;
  to: string[];
}

export type NotifierConfig = WebhookNotifierConfig | EmailNotifierConfig;

export interface Config {
  /** Absolute path of the file this was loaded from. */
  file: string;
  /** Directory relative paths in the file were resolved against (the process cwd). */
  baseDir: string;
  /** Redis URL; null means "start a local redis-server under dataDir/redis". */
  redisUrl: string | null;
  /** Store URL, e.g. `sqlite:/abs/path/newswatch.db`. */
  storeUrl: string;
  /** Where embedded state lives (local Redis AOF, default SQLite file). Default ./data. */
  dataDir: string;
  /** Items older than this when first seen are stored but not alerted. Default 24 h. */
  backfillMs: number;
  /** How often the scheduler tick looks for due feeds. Default 15 s. */
  tickMs: number;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  network: NetworkConfig;
  feeds: FeedConfig[];
  topics: TopicConfig[];
  notifiers: NotifierConfig[];
}
