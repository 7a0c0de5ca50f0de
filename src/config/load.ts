/**
 * Reads the YAML config: parse (keeping positions), expand `${ENV}`, validate, check references across entries,
 * normalise to `Config` and freeze. Every problem found is collected and thrown together in one ConfigError.
 * A key written with no value (`name:`), or whose `${VAR:-}` expands to an empty string, counts as absent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { ConfigError, formatPath } from './config-error.js';
import type { ConfigProblem, PathSegment } from './config-error.js';
import { closest, describeIssue } from './describe-issue.js';
import type { Blank, RawProblem } from './describe-issue.js';
import { expandDocumentEnv } from './expand-env.js';
import type { Expansion } from './expand-env.js';
import { LOG_LEVELS, parseRateLimit, rawConfigSchema, sqlitePath, valueAt } from './schema.js';
import type { RawConfig } from './schema.js';
import { locate } from './source-location.js';
// Not fetch/index.js: that loads undici, which config loading never needs.
import { gdeltDocUrl, googleNewsSearchUrl } from '../fetch/search-feed-url.js';
import type { Config, NetworkConfig, NotifierConfig, NotifierPolicy, NotifierTemplates } from './types.js';

export interface LoadConfigOptions {
  /** Environment for `${VAR}`, LOG_LEVEL and REDIS_URL. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Directory the file name and relative paths in it are resolved against. Default `process.cwd()`. */
  cwd?: string;
  /** `'topics'`: the file may hold only topics, and notifier references are not checked (`newswatch match`). */
  only?: 'topics';
}

const DEFAULT_CONFIG_PATH = 'config/newswatch.yaml';
const LIST_ITEM_NAMES = { feeds: 'feed', topics: 'topic', notifiers: 'notifier' } as const;

/** The network settings a config without a `network:` section gets (for commands that can run without a file). */
export const DEFAULT_NETWORK_CONFIG: Readonly<NetworkConfig> = deepFreeze(
  toNetworkConfig(rawConfigSchema.shape.network.parse(undefined)),
);

/** Path from --config, else NEWSWATCH_CONFIG, else config/newswatch.yaml (relative to cwd). */
export function resolveConfigPath(cliPath: string | undefined, env: NodeJS.ProcessEnv): string {
  if (cliPath !== undefined && cliPath !== '') return cliPath;
  const fromEnv = env.NEWSWATCH_CONFIG;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_CONFIG_PATH;
}

/**
 * Reads, expands ${VAR} / ${VAR:-default}, validates, normalises and deep-freezes.
 * @throws ConfigError listing all problems (including a missing file and YAML syntax errors).
 */
export function loadConfig(file: string, opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const absoluteFile = path.resolve(cwd, file);
  const text = readSource(file, absoluteFile);

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(doc.errors.map((err) => syntaxProblem(file, err)));

  const { problems: envProblems, expansions } = expandDocumentEnv(doc, env);
  const input = toPlainData(file, doc);
  const blanks = dropBlankValues(input, expansions);

  const found: RawProblem[] = [];
  const parsed = rawConfigSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) found.push(...describeIssue(issue, { input, blanks, expansions }));
  }
  found.push(...duplicateIds(input));
  if (opts.only !== 'topics') found.push(...unknownNotifiers(input));
  found.push(...envOverrideProblems(env, input));

  // An unset variable also leaves its value empty or invalid; the variable is the one problem to report there.
  const unsetAt = new Set(envProblems.map((p) => formatPath(p.path)));
  const problems: RawProblem[] = [
    ...envProblems.map((p): RawProblem => ({ ...p, anchor: 'value' })),
    ...found.filter((p) => !unsetAt.has(formatPath(p.path))),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(locateAll(file, doc, lineCounter, problems));
  return deepFreeze(toConfig(parsed.data, { file: absoluteFile, cwd, env }));
}

function readSource(file: string, absoluteFile: string): string {
  try {
    return readFileSync(absoluteFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found (name another file with --config or NEWSWATCH_CONFIG)'
        : code === 'EISDIR'
          ? 'is a directory, not a config file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied'
            : `cannot be read: ${(err as Error).message}`;
    throw new ConfigError([{ file, line: null, column: null, path: '', message }], { cause: err });
  }
}

function syntaxProblem(file: string, err: YAMLError): ConfigProblem {
  const start = err.linePos?.[0];
  // yaml appends " at line L, column C:" and a source excerpt; the position is reported separately.
  const message = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '');
  return {
    file,
    line: start?.line ?? null,
    column: start?.col ?? null,
    path: '',
    message: `YAML syntax error: ${message}`,
  };
}

function toPlainData(file: string, doc: Document): unknown {
  try {
    // An empty file (or one holding only comments) means "all defaults".
    return doc.toJS() ?? {};
  } catch (err) {
    const message = `cannot read the YAML: ${(err as Error).message}`;
    throw new ConfigError([{ file, line: null, column: null, path: '', message }], { cause: err });
  }
}

/** Removes keys whose value is empty (null, or an expansion that came out empty) and says which were removed. */
function dropBlankValues(input: unknown, expansions: ReadonlyMap<string, Expansion>): Map<string, Blank> {
  const blanks = new Map<string, Blank>();
  const seen = new Set<object>();
  const visit = (node: unknown, at: PathSegment[]): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...at, index]));
      return;
    }
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      const keyPath = formatPath([...at, key]);
      if (value === null) blanks.set(keyPath, 'null');
      else if (value === '' && expansions.get(keyPath)?.empty) blanks.set(keyPath, 'expanded-empty');
      else {
        visit(value, [...at, key]);
        continue;
      }
      delete record[key];
    }
  };
  visit(input, []);
  return blanks;
}

function duplicateIds(input: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  for (const [list, itemName] of Object.entries(LIST_ITEM_NAMES)) {
    const items = valueAt(input, [list]);
    if (!Array.isArray(items)) continue;
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const id = valueAt(item, ['id']);
      if (typeof id !== 'string') return;
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else {
        problems.push({
          path: [list, index, 'id'],
          anchor: 'value',
          message: `duplicate ${itemName} id "${id}" (already used by ${list}[${first}]); ids must be unique`,
        });
      }
    });
  }
  return problems;
}

function unknownNotifiers(input: unknown): RawProblem[] {
  const notifiers = valueAt(input, ['notifiers']) ?? [];
  const topics = valueAt(input, ['topics']);
  // When the list itself is malformed, validation already says so; references cannot be judged.
  if (!Array.isArray(notifiers) || !Array.isArray(topics)) return [];
  const known = notifiers.map((n) => valueAt(n, ['id'])).filter((id): id is string => typeof id === 'string');
  const problems: RawProblem[] = [];
  const check = (ref: unknown, path: PathSegment[]) => {
    if (typeof ref !== 'string' || known.includes(ref)) return;
    const near = closest(ref, known);
    const hint =
      near !== null
        ? `did you mean "${near}"?`
        : known.length > 0
          ? `defined notifiers: ${known.join(', ')}`
          : 'no notifiers are defined under "notifiers"';
    problems.push({ path, anchor: 'value', message: `unknown notifier "${ref}" (${hint})` });
  };
  topics.forEach((topic, topicIndex) => {
    const notify = valueAt(topic, ['notify']);
    if (!Array.isArray(notify)) return;
    notify.forEach((ref, refIndex) => check(ref, ['topics', topicIndex, 'notify', refIndex]));
  });
  const feeds = valueAt(input, ['feeds']);
  if (Array.isArray(feeds)) feeds.forEach((feed, i) => check(valueAt(feed, ['health_notify']), ['feeds', i, 'health_notify']));
  return problems;
}

function envOverrideProblems(env: NodeJS.ProcessEnv, input: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const level = env.LOG_LEVEL?.trim();
  if (level && !(LOG_LEVELS as readonly string[]).includes(level.toLowerCase())) {
    problems.push({
      path: [],
      anchor: null,
      message: `environment variable LOG_LEVEL is ${JSON.stringify(level)}; expected one of ${LOG_LEVELS.join(', ')}`,
    });
  }
  const redisUrl = env.REDIS_URL;
  if (valueAt(input, ['redis']) === undefined && redisUrl && !rawConfigSchema.shape.redis.safeParse(redisUrl).success) {
    problems.push({
      path: [],
      anchor: null,
      message: 'environment variable REDIS_URL is not a valid Redis URL (expected redis://host:6379 or rediss://host:6380)',
    });
  }
  return problems;
}

function locateAll(
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  raw: RawProblem[],
): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const problem of raw) {
    const pathText = formatPath(problem.path);
    const position = problem.anchor === null ? null : locate(doc, lineCounter, problem.path, problem.anchor);
    const located: ConfigProblem = {
      file,
      line: position?.line ?? null,
      column: position?.column ?? null,
      path: pathText,
      message: problem.message,
    };
    const key = JSON.stringify(located);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(located);
  }
  return problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
}

function toConfig(raw: RawConfig, where: { file: string; cwd: string; env: NodeJS.ProcessEnv }): Config {
  const { file, cwd, env } = where;
  const dataDir = path.resolve(cwd, raw.data_dir);
  const envLevel = env.LOG_LEVEL?.trim().toLowerCase();
  const logLevel = LOG_LEVELS.find((level) => level === envLevel) ?? raw.log_level;
  return {
    file,
    baseDir: cwd,
    // REDIS_URL only fills in for an absent `redis:`; a value in the file is deliberate.
    redisUrl: raw.redis?.trim() ?? (env.REDIS_URL || null),
    storeUrl: raw.store === undefined ? `sqlite:${path.join(dataDir, 'newswatch.db')}` : storeUrl(raw.store.trim(), cwd),
    dataDir,
    backfillMs: raw.backfill,
    tickMs: raw.tick,
    logLevel,
    network: toNetworkConfig(raw.network),
    feeds: raw.feeds.map((feed) => ({
      id: feed.id,
      url: feedUrl(feed),
      name: feed.name?.trim() || null,
      everyMs: feed.every,
      enabled: feed.enabled,
      healthNotify: feed.health_notify ?? null,
      unhealthyAfter: feed.unhealthy_after,
    })),
    topics: raw.topics.map((topic) => ({
      id: topic.id,
      name: topic.name,
      query: topic.query,
      notify: topic.notify,
      entities: topic.entities
        ? { type: topic.entities.type, known: topic.entities.known, ignore: topic.entities.ignore }
        : null,
      alert: topic.alert,
      updates: topic.updates,
      updateEveryMs: topic.update_every,
      storyWindowMs: topic.story_window,
      priority: topic.priority,
    })),
    notifiers: raw.notifiers.map(toNotifierConfig),
    notifierPolicies: Object.fromEntries(raw.notifiers.map((n) => [n.id, toNotifierPolicy(n)])),
    retryScheduleMs: raw.delivery.retry_schedule,
  };
}

/** The URL to poll: the feed's own, or the search feed's query URL. */
function feedUrl(feed: RawConfig['feeds'][number]): string {
  if (feed.google_news) return googleNewsSearchUrl({ query: feed.google_news.query, lang: feed.google_news.lang, region: feed.google_news.region });
  if (feed.gdelt) return gdeltDocUrl({ query: feed.gdelt.query, timespan: feed.gdelt.timespan });
  return feed.url!.trim();
}

function toNotifierPolicy(notifier: RawConfig['notifiers'][number]): NotifierPolicy {
  const digest = notifier.digest;
  return {
    rateLimit: notifier.rate_limit ? parseRateLimit(notifier.rate_limit) : null,
    digest: !digest ? null : digest.every !== undefined ? { everyMs: digest.every } : { at: digest.at!.trim(), tz: digest.tz?.trim() ?? 'UTC' },
  };
}

function templatesOf(notifier: { title?: string | undefined; body?: string | undefined }): NotifierTemplates {
  return { title: notifier.title ?? null, body: notifier.body ?? null };
}

function toNotifierConfig(notifier: RawConfig['notifiers'][number]): NotifierConfig {
  switch (notifier.type) {
    case 'webhook':
      return {
        id: notifier.id,
        type: 'webhook',
        url: notifier.url.trim(),
        secret: notifier.secret ?? null,
        headers: notifier.headers,
      };
    case 'email':
      return {
        id: notifier.id,
        type: 'email',
        smtp: notifier.smtp.trim(),
        from: notifier.from.trim(),
        to: notifier.to.map((address) => address.trim()),
        ...templatesOf(notifier),
      };
    case 'slack':
    case 'discord':
      return { id: notifier.id, type: notifier.type, webhookUrl: notifier.webhook_url.trim(), ...templatesOf(notifier) };
    case 'telegram':
      return {
        id: notifier.id,
        type: 'telegram',
        botToken: notifier.bot_token.trim(),
        chatId: notifier.chat_id.trim(),
        apiUrl: notifier.api_url.trim(),
        ...templatesOf(notifier),
      };
    case 'ntfy':
      return {
        id: notifier.id,
        type: 'ntfy',
        url: notifier.url.trim(),
        token: notifier.token?.trim() ?? null,
        priority: notifier.priority,
        ...templatesOf(notifier),
      };
  }
}

function toNetworkConfig(raw: RawConfig['network']): NetworkConfig {
  return {
    allowPrivate: raw.allow_private,
    allowCidrs: raw.allow_cidrs.map((cidr) => cidr.trim()),
    userAgent: raw.user_agent,
    timeoutMs: raw.timeout,
    maxBytes: raw.max_bytes,
  };
}

function storeUrl(url: string, cwd: string): string {
  const file = sqlitePath(url);
  return file === ':memory:' ? 'sqlite::memory:' : `sqlite:${path.resolve(cwd, file)}`;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
