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
  /** Notifier told once when the feed becomes unhealthy and once when it recovers; null for none. */
  healthNotify: string | null;
  /** Consecutive failures after which the feed counts as unhealthy. Default 10. */
  unhealthyAfter: number;
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
  /** `story`: one alert per story (default); `article`: every matched article. */
  alert: 'story' | 'article';
  /** With `alert: story`, send a follow-up when new sources join a story, at most once per `updateEveryMs`. */
  updates: boolean;
  updateEveryMs: number;
  /** `instant`: a story with a new entity bypasses digests and is sent at once. Default `normal`. */
  priority: 'normal' | 'instant';
  /** How long after its last article a story can still gain articles of the same event. Default 48 h. */
  storyWindowMs: number;
}

export interface WebhookNotifierConfig {
  id: string;
  type: 'webhook';
  url: string;
  /** Standard Webhooks signing secret, `whsec_` + base64. Optional; unsigned when absent. */
  secret: string | null;
  headers: Record<string, string>;
}

/** Optional Mustache templates of a prose notifier (docs/notifiers.md); null means the built-in layout. */
export interface NotifierTemplates {
  title: string | null;
  body: string | null;
}

export interface EmailNotifierConfig extends NotifierTemplates {
  id: string;
  type: 'email';
  /** smtp:// or smtps:// URL, credentials allowed (from ${ENV}). */
  smtp: string;
  from: string;
  to: string[];
}

export interface SlackNotifierConfig extends NotifierTemplates {
  id: string;
  type: 'slack';
  /** Incoming-webhook URL; its path is the credential. */
  webhookUrl: string;
}

export interface DiscordNotifierConfig extends NotifierTemplates {
  id: string;
  type: 'discord';
  /** Channel webhook URL; its path holds the token. */
  webhookUrl: string;
}

export interface TelegramNotifierConfig extends NotifierTemplates {
  id: string;
  type: 'telegram';
  /** Bot API token from @BotFather, `<digits>:<secret>`. */
  botToken: string;
  /** Numeric chat id (negative for groups) or `@channelusername`. */
  chatId: string;
  /** Bot API base URL. Default https://api.telegram.org. */
  apiUrl: string;
}

/** ntfy message priority, 1 (min) to 5 (max/urgent). */
export type NtfyPriority = 1 | 2 | 3 | 4 | 5;

export interface NtfyNotifierConfig extends NotifierTemplates {
  id: string;
  type: 'ntfy';
  /** Topic URL, e.g. https://ntfy.sh/my-topic; the topic name may be the only secret. */
  url: string;
  /** Access token sent as `Authorization: Bearer`; null when the topic is open. */
  token: string | null;
  /** Priority of an ordinary alert; one with a new entity is sent at least at 4 (high). Default 3. */
  priority: NtfyPriority;
}

export type NotifierConfig =
  | WebhookNotifierConfig
  | EmailNotifierConfig
  | SlackNotifierConfig
  | DiscordNotifierConfig
  | TelegramNotifierConfig
  | NtfyNotifierConfig;

/** When a digest notifier sends: every period (aligned to the epoch), or daily at a local time. */
export type DigestSchedule = { everyMs: number } | { at: string; tz: string };

/** How deliveries to one notifier are paced, whatever its type. */
export interface NotifierPolicy {
  /** At most `count` sends per `perMs`; excess alerts wait. */
  rateLimit: { count: number; perMs: number } | null;
  digest: DigestSchedule | null;
}

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
  /** Per notifier id: rate limit and digest schedule (notifiers without either get nulls). */
  notifierPolicies: Record<string, NotifierPolicy>;
  /** Delay before retry N of a failing delivery; its length is the number of retries. */
  retryScheduleMs: number[];
}
