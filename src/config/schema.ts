/**
 * The config file's shape, with the file's snake_case keys. Every object is strict (an unknown key is a problem,
 * usually a typo); defaults live here; durations come out in ms and sizes in bytes. Checks that span entries
 * (unique ids, notifier references) are in load.ts because they must run even when some entry is invalid.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
// Not notify/index.js: that loads every notifier (undici, nodemailer: ~350 ms), which config loading never needs.
import { checkTemplate } from '../notify/template.js';
import type { PathSegment } from './config-error.js';
import { formatDuration, formatSize, parseDuration, parseSize } from './duration.js';
import type { NtfyPriority } from './types.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const DEFAULT_USER_AGENT = 'newswatch/0.1 (+https://github.com/newswatch/newswatch)';

/** Issue params read by the message builder: show the offending value, add a hint, point at the key. */
export interface IssueParams {
  showValue?: boolean;
  hint?: string;
  at?: 'key';
}

/** What a check found wrong: a message, or a message and a hint on how to write it instead. */
type CheckResult = string | { message: string; hint: string; showValue?: boolean } | null;

const SHOW: IssueParams = { showValue: true };
const KEBAB = /^[a-z0-9][a-z0-9-]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^<>]+)>$/;
const TELEGRAM_TOKEN = /^\d+:[A-Za-z0-9_-]{30,}$/;
const TELEGRAM_CHAT_ID = /^(-?\d+|@[A-Za-z][A-Za-z0-9_]{3,})$/;
const NTFY_PRIORITY_NAMES = new Map<string, NtfyPriority>([
  ['min', 1],
  ['low', 2],
  ['default', 3],
  ['high', 4],
  ['max', 5],
  ['urgent', 5],
]);

function checkedString(check: (value: string) => CheckResult, params: IssueParams = SHOW) {
  return z.string().superRefine((value, ctx) => {
    const result = check(value);
    if (result === null) return;
    if (typeof result === 'string') ctx.addIssue({ code: 'custom', message: result, params });
    else {
      const { message, hint, showValue = params.showValue } = result;
      ctx.addIssue({ code: 'custom', message, params: { ...params, hint, showValue } });
    }
  });
}

const DURATION_HINT = 'use e.g. "30s", "10m", "1h30m", "1d" or a number of seconds';
const SIZE_HINT = 'use e.g. "512KB", "5MB" or a number of bytes; units are 1024-based';
const STORE_HINT = 'use "sqlite:<path>", e.g. "sqlite:./data/newswatch.db"';

const nonBlank = checkedString((v) => (v.trim() === '' ? 'must not be empty' : null), {});

const id = checkedString((v) =>
  KEBAB.test(v)
    ? null
    : { message: 'not a valid id', hint: 'use lowercase kebab-case: letters a-z, digits and "-", e.g. "the-national"' },
);

const httpUrl = checkedString((v) => (isUrlWith(v, ['http:', 'https:']) ? null : 'not a valid http(s) URL'));

const cidr = checkedString((v) =>
  isCidr(v)
    ? null
    : { message: 'not a valid CIDR', hint: 'write an address and a prefix length, e.g. "10.1.0.0/16" or "fd00::/8"' },
);

const emailAddress = checkedString((v) =>
  isEmailAddress(v)
    ? null
    : { message: 'not an email address', hint: 'expected "name@example.org" or "Name <name@example.org>"' },
);

function duration(defaultText: string, minMs: number) {
  return durationValue(minMs).default(parseDuration(defaultText));
}

function durationValue(minMs: number) {
  return z
    .unknown()
    .transform((value, ctx) => {
      const ms = tryParse(value, parseDuration);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: 'not a valid duration', params: { ...SHOW, hint: DURATION_HINT } });
        return z.NEVER;
      }
      if (ms < minMs) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${formatDuration(minMs)} (got ${formatDuration(ms)})` });
      }
      return ms;
    });
}

function size(defaultText: string, minBytes: number) {
  return z
    .unknown()
    .transform((value, ctx) => {
      const bytes = tryParse(value, parseSize);
      if (bytes === null) {
        ctx.addIssue({ code: 'custom', message: 'not a valid size', params: { ...SHOW, hint: SIZE_HINT } });
        return z.NEVER;
      }
      if (bytes < minBytes) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${formatSize(minBytes)} (got ${formatSize(bytes)})` });
      }
      return bytes;
    })
    .default(parseSize(defaultText));
}

const headers = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  for (const [name, value] of Object.entries(map)) {
    if (!HEADER_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid HTTP header name', params: { at: 'key' } });
    }
    if (/[\r\n]/.test(value)) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'a header value must not contain line breaks' });
    }
  }
});

const networkSchema = z.strictObject({
  allow_private: z.boolean().default(false),
  allow_cidrs: z.array(cidr).default([]),
  user_agent: nonBlank.default(DEFAULT_USER_AGENT),
  timeout: duration('20s', 1000),
  max_bytes: size('5MB', 1024),
});

const googleNewsSchema = z.strictObject({ query: nonBlank, lang: nonBlank.default('en-US'), region: nonBlank.default('US') });
const gdeltSchema = z.strictObject({ query: nonBlank, timespan: nonBlank.default('24h') });

const feedSchema = z.strictObject({
  id,
  // One of: a feed URL, or a search that newswatch turns into one.
  url: httpUrl.optional(),
  google_news: googleNewsSchema.optional(),
  gdelt: gdeltSchema.optional(),
  name: z.string().optional(),
  every: duration('10m', 30_000),
  enabled: z.boolean().default(true),
  health_notify: id.optional(),
  unhealthy_after: z.number().int().min(1).default(10),
}).superRefine((feed, ctx) => {
  const sources = [feed.url, feed.google_news, feed.gdelt].filter((v) => v !== undefined).length;
  if (sources !== 1) {
    ctx.addIssue({ code: 'custom', message: sources === 0 ? 'a feed needs a `url`, a `google_news` search or a `gdelt` search' : 'give only one of `url`, `google_news` and `gdelt`' });
  }
});

const entitiesSchema = z.strictObject({
  type: z.literal('country').default('country'),
  known: z.array(nonBlank).default([]),
  ignore: z.array(nonBlank).default([]),
});

const topicSchema = z.strictObject({
  id,
  name: nonBlank,
  query: nonBlank,
  notify: z.array(z.string()).default([]),
  entities: entitiesSchema.optional(),
  alert: z.enum(['story', 'article']).default('story'),
  updates: z.boolean().default(false),
  update_every: duration('1h', 60_000),
  story_window: duration('48h', 3_600_000),
  priority: z.enum(['normal', 'instant']).default('normal'),
});

const RATE_LIMIT = /^\s*(\d+)\s*\/\s*(\d+\s*)?(s|sec|second|m|min|minute|h|hour|d|day)s?\s*$/i;
const RATE_UNITS_MS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000 };

/** `20/min`, `5/s`, `100/hour`, `1/10s` → at most `count` sends per `perMs`; null when not of that form. */
export function parseRateLimit(text: string): { count: number; perMs: number } | null {
  const m = RATE_LIMIT.exec(text);
  if (!m) return null;
  const count = Number(m[1]);
  const per = (m[2] ? Number(m[2]) : 1) * RATE_UNITS_MS[m[3]!.toLowerCase()]!;
  return count > 0 && per > 0 ? { count, perMs: per } : null;
}

// A bare number is read as text so it gets the rate-limit hint, not a generic type error.
const rateLimit = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  checkedString((v) =>
    parseRateLimit(v) ? null : { message: 'not a rate limit', hint: 'write sends per period, e.g. "20/min", "5/s", "100/hour"' },
  ),
);

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

const digestSchema = z
  .strictObject({
    every: durationValue(60_000).optional(),
    at: checkedString((v) => (CLOCK_TIME.test(v.trim()) ? null : { message: 'not a time of day', hint: 'write HH:MM, e.g. "08:00"' })).optional(),
    tz: checkedString((v) => (isTimeZone(v.trim()) ? null : { message: 'not a known time zone', hint: 'use an IANA name such as "Asia/Almaty" or "UTC"' })).optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.every === undefined) === (d.at === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a digest needs either `every` (e.g. 1h) or `at` (e.g. "08:00"), not both' });
    }
    if (d.tz !== undefined && d.at === undefined) ctx.addIssue({ code: 'custom', path: ['tz'], message: '`tz` applies only to `at`' });
  });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Delivery policy keys every notifier type accepts. */
const deliveryPolicy = { rate_limit: rateLimit.optional(), digest: digestSchema.optional() };

const webhookSchema = z.strictObject({
  id,
  type: z.literal('webhook'),
  ...deliveryPolicy,
  url: httpUrl,
  // Never echoed: it is a signing key.
  secret: checkedString(
    (v) => (isWebhookSecret(v) ? null : 'not a valid signing secret (a Standard Webhooks secret is "whsec_" + base64)'),
    {},
  ).optional(),
  headers: headers.default({}),
});

// Not echoed: a template can be long, and its problem says where in it.
const template = checkedString(checkTemplate, {});
const templates = { title: template.optional(), body: template.optional() };

const emailSchema = z.strictObject({
  id,
  type: z.literal('email'),
  ...deliveryPolicy,
  smtp: checkedString((v) =>
    isUrlWith(v, ['smtp:', 'smtps:'])
      ? null
      : { message: 'not a valid SMTP URL', hint: 'expected smtp://host:587 or smtps://user:pass@host:465' },
  ),
  from: emailAddress,
  to: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(emailAddress, { error: 'expected an email address or a list of them' }).min(1, 'must name at least one address'),
  ),
  ...templates,
});

// Not echoed: the path or query of a chat service URL is its credential.
const secretHttpUrl = checkedString((v) => (isUrlWith(v, ['http:', 'https:']) ? null : 'not a valid http(s) URL'), {});

const slackSchema = z.strictObject({
  id,
  type: z.literal('slack'),
  ...deliveryPolicy,
  webhook_url: secretHttpUrl,
  ...templates,
});

const discordSchema = z.strictObject({
  id,
  type: z.literal('discord'),
  ...deliveryPolicy,
  webhook_url: secretHttpUrl,
  ...templates,
});

const telegramSchema = z.strictObject({
  id,
  type: z.literal('telegram'),
  ...deliveryPolicy,
  // Never echoed: it is the bot's credential.
  bot_token: checkedString(
    (v) =>
      TELEGRAM_TOKEN.test(v.trim())
        ? null
        : { message: 'not a Telegram bot token', hint: 'expected "<digits>:<secret>" as given by @BotFather' },
    {},
  ),
  // YAML reads -1001234567890 as a number; the Bot API takes either form.
  chat_id: z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    checkedString((v) =>
      TELEGRAM_CHAT_ID.test(v.trim())
        ? null
        : { message: 'not a Telegram chat id', hint: 'a number such as -1001234567890, or "@channelname"' },
    ),
  ),
  api_url: httpUrl.default('https://api.telegram.org'),
  ...templates,
});

const ntfyPriority = z
  .unknown()
  .transform((value, ctx) => {
    const named = typeof value === 'string' ? NTFY_PRIORITY_NAMES.get(value.trim().toLowerCase()) : undefined;
    const level = named ?? value;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 5) {
      const hint = 'use 1 to 5, or min, low, default, high, max, urgent';
      ctx.addIssue({ code: 'custom', message: 'not an ntfy priority', params: { ...SHOW, hint } });
      return z.NEVER;
    }
    return level as NtfyPriority;
  })
  .default(3);

const ntfySchema = z.strictObject({
  id,
  type: z.literal('ntfy'),
  ...deliveryPolicy,
  url: secretHttpUrl,
  token: nonBlank.optional(),
  priority: ntfyPriority,
  ...templates,
});

const notifierSchema = z.discriminatedUnion('type', [
  webhookSchema,
  emailSchema,
  slackSchema,
  discordSchema,
  telegramSchema,
  ntfySchema,
]);

export const NOTIFIER_TYPES = ['webhook', 'email', 'slack', 'discord', 'telegram', 'ntfy'] as const;

/** The whole file. Parse with `safeParse`; the output still has the file's key names. */
export const rawConfigSchema = z.strictObject({
  redis: checkedString((v) =>
    isUrlWith(v, ['redis:', 'rediss:'])
      ? null
      : { message: 'not a valid Redis URL', hint: 'expected redis://host:6379 or rediss://host:6380' },
  ).optional(),
  store: checkedString(storeProblem).optional(),
  data_dir: nonBlank.default('./data'),
  backfill: duration('24h', 0),
  tick: duration('15s', 1000),
  log_level: z.enum(LOG_LEVELS).default('info'),
  network: networkSchema.prefault({}),
  feeds: z.array(feedSchema).default([]),
  topics: z.array(topicSchema).default([]),
  notifiers: z.array(notifierSchema).default([]),
  delivery: z
    .strictObject({
      retry_schedule: z.array(durationValue(0)).min(1).max(20).default(['5s', '5m', '30m', '2h', '5h', '10h', '10h'].map(parseDuration)),
    })
    .prefault({}),
});

export type RawConfig = z.output<typeof rawConfigSchema>;

const KEYS: Record<string, readonly string[]> = {
  '': Object.keys(rawConfigSchema.shape),
  network: Object.keys(networkSchema.shape),
  'feeds[]': Object.keys(feedSchema.shape),
  'feeds[].google_news': Object.keys(googleNewsSchema.shape),
  'feeds[].gdelt': Object.keys(gdeltSchema.shape),
  'topics[]': Object.keys(topicSchema.shape),
  'topics[].entities': Object.keys(entitiesSchema.shape),
  'notifiers[]:webhook': Object.keys(webhookSchema.shape),
  'notifiers[]:email': Object.keys(emailSchema.shape),
  'notifiers[]:slack': Object.keys(slackSchema.shape),
  'notifiers[]:discord': Object.keys(discordSchema.shape),
  'notifiers[]:telegram': Object.keys(telegramSchema.shape),
  'notifiers[]:ntfy': Object.keys(ntfySchema.shape),
  'notifiers[].digest': ['every', 'at', 'tz'],
  delivery: ['retry_schedule'],
};

/** The keys allowed in the object at `path`, for "did you mean" hints; null where unknown. */
export function allowedKeys(path: readonly PathSegment[], input: unknown): readonly string[] | null {
  let pattern = path.map((s) => (typeof s === 'number' ? '[]' : s)).join('.').replaceAll('.[]', '[]');
  if (pattern === 'notifiers[]') pattern += `:${String(valueAt(input, path, 'type'))}`;
  return KEYS[pattern] ?? null;
}

/** Reads `obj[path...][key]` from loosely typed data, undefined where the path does not exist. */
export function valueAt(obj: unknown, path: readonly PathSegment[], key?: PathSegment): unknown {
  let cur = obj;
  for (const segment of key === undefined ? path : [...path, key]) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathSegment, unknown>)[segment];
  }
  return cur;
}

function tryParse(value: unknown, parse: (v: string | number) => number): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    return parse(value);
  } catch {
    return null;
  }
}

function isUrlWith(value: string, protocols: readonly string[]): boolean {
  // WHATWG URL accepts "http:/x" and "http:x"; a config URL must spell out "//".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) return false;
  try {
    const url = new URL(value.trim());
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

function isCidr(value: string): boolean {
  const [address = '', prefix, extra] = value.trim().split('/');
  if (prefix === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

function isEmailAddress(value: string): boolean {
  const named = NAMED_ADDRESS.exec(value.trim());
  return ADDRESS.test(named ? (named[1] ?? '').trim() : value.trim());
}

function isWebhookSecret(value: string): boolean {
  const key = value.startsWith('whsec_') ? value.slice('whsec_'.length) : '';
  return BASE64.test(key) && key.length % 4 === 0;
}

function storeProblem(value: string): CheckResult {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.trim())?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    return sqlitePath(value.trim()) === '' ? { message: 'the sqlite store needs a file path', hint: STORE_HINT } : null;
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return { message: 'PostgreSQL stores are not supported yet', hint: STORE_HINT, showValue: false };
  }
  return { message: 'not a supported store URL', hint: STORE_HINT };
}

/** The file path of a `sqlite:` store URL (`sqlite:./x.db`, `sqlite:/abs/x.db`, `sqlite:///abs/x.db`). */
export function sqlitePath(storeUrl: string): string {
  const rest = storeUrl.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}
