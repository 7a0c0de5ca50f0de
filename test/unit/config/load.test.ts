import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_NETWORK_CONFIG,
  loadConfig,
  parseDuration,
  parseSize,
  resolveConfigPath,
} from '../../../src/config/index.js';
import type {
  Config,
  ConfigProblem,
  EmailNotifierConfig,
  NotifierConfig,
  NtfyNotifierConfig,
  WebhookNotifierConfig,
} from '../../../src/config/index.js';
import { NewswatchError } from '../../../src/errors.js';

interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  only?: 'topics';
}

const dir = mkdtempSync(path.join(tmpdir(), 'newswatch-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;

/** Writes `yaml` to a fresh file in the temp dir and returns its name relative to that dir. */
function write(yaml: string): string {
  fileCount += 1;
  const name = `config-${fileCount}.yaml`;
  writeFileSync(path.join(dir, name), yaml);
  return name;
}

function load(yaml: string, opts: LoadOptions = {}): Config {
  return loadConfig(write(yaml), { cwd: dir, env: opts.env ?? {}, ...(opts.only ? { only: opts.only } : {}) });
}

function rejection(yaml: string, opts: LoadOptions = {}): ConfigError {
  try {
    load(yaml, opts);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

function problemsOf(yaml: string, opts: LoadOptions = {}): ConfigProblem[] {
  return rejection(yaml, opts).problems;
}

const FEED = `feeds:
  - id: the-national
    url: https://www.thenationalnews.com/rss
`;

const NOTIFIERS = `notifiers:
  - id: hook
    type: webhook
    url: https://hooks.example.org/newswatch
  - id: mail
    type: email
    smtp: smtp://mailer:secret@mail.example.org:587
    from: Newswatch <newswatch@example.org>
    to: analyst@example.org
`;

const TOPIC = `topics:
  - id: accords
    name: Abraham Accords
    query: '"Abraham Accords"'
`;

describe('loadConfig: defaults and normalisation', () => {
  it('applies every default to an empty file', () => {
    const config = load('# nothing configured yet\n');
    expect(config).toEqual({
      file: path.join(dir, `config-${fileCount}.yaml`),
      baseDir: dir,
      redisUrl: null,
      storeUrl: `sqlite:${path.join(dir, 'data', 'newswatch.db')}`,
      dataDir: path.join(dir, 'data'),
      backfillMs: 24 * 3_600_000,
      tickMs: 15_000,
      logLevel: 'info',
      network: {
        allowPrivate: false,
        allowCidrs: [],
        userAgent: 'newswatch/0.1 (+https://github.com/newswatch/newswatch)',
        timeoutMs: 20_000,
        maxBytes: 5 * 1024 * 1024,
      },
      feeds: [],
      topics: [],
      notifiers: [],
      notifierPolicies: {},
      retryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
    });
    expect(DEFAULT_NETWORK_CONFIG).toEqual(config.network);
  });

  it('applies defaults inside feeds, topics and entities', () => {
    const config = load(`${FEED}${TOPIC}    entities:
      known: [Bahrain]
`);
    expect(config.feeds).toEqual([
      { id: 'the-national', url: 'https://www.thenationalnews.com/rss', name: null, everyMs: 600_000, enabled: true, healthNotify: null, unhealthyAfter: 10 },
    ]);
    expect(config.topics).toEqual([
      {
        id: 'accords',
        name: 'Abraham Accords',
        query: '"Abraham Accords"',
        notify: [],
        entities: { type: 'country', known: ['Bahrain'], ignore: [] },
        alert: 'story',
        updates: false,
        updateEveryMs: 3_600_000,
        storyWindowMs: 48 * 3_600_000,
        priority: 'normal',
      },
    ]);
  });

  it('treats a key written without a value as absent', () => {
    const config = load(`redis:
network:
feeds:
  - id: the-national
    url: https://www.thenationalnews.com/rss
    name:
`);
    expect(config.redisUrl).toBeNull();
    expect(config.network).toEqual(DEFAULT_NETWORK_CONFIG);
    expect(config.feeds[0]?.name).toBeNull();
  });

  it('normalises a full file to the Config shape', () => {
    const config = load(`redis: redis://localhost:6380
store: sqlite:./state/nw.db
data_dir: ./var
backfill: 2d
tick: 30
log_level: warn
network:
  allow_private: true
  allow_cidrs: [10.1.0.0/16, "fd00::/8"]
  user_agent: test-agent
  timeout: 1m30s
  max_bytes: 512KB
feeds:
  - id: the-national
    url: https://www.thenationalnews.com/rss
    name: The National
    every: 1h
    enabled: false
topics:
  - id: accords
    name: Accords
    query: accords
    notify: [hook, mail]
    entities: {type: country, known: [Bahrain], ignore: [Israel]}
notifiers:
  - id: hook
    type: webhook
    url: https://hooks.example.org/newswatch
    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
    headers: {X-Token: abc}
  - id: mail
    type: email
    smtp: smtps://mailer:secret@mail.example.org:465
    from: newswatch@example.org
    to: [a@example.org, B <b@example.org>]
`);
    expect(config).toMatchObject({
      redisUrl: 'redis://localhost:6380',
      storeUrl: `sqlite:${path.join(dir, 'state', 'nw.db')}`,
      dataDir: path.join(dir, 'var'),
      backfillMs: 2 * 86_400_000,
      tickMs: 30_000,
      logLevel: 'warn',
      network: {
        allowPrivate: true,
        allowCidrs: ['10.1.0.0/16', 'fd00::/8'],
        userAgent: 'test-agent',
        timeoutMs: 90_000,
        maxBytes: 512 * 1024,
      },
      feeds: [{ name: 'The National', everyMs: 3_600_000, enabled: false }],
      topics: [{ notify: ['hook', 'mail'], entities: { type: 'country', known: ['Bahrain'], ignore: ['Israel'] } }],
    });
    expect(config.notifiers).toEqual([
      {
        id: 'hook',
        type: 'webhook',
        url: 'https://hooks.example.org/newswatch',
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        headers: { 'X-Token': 'abc' },
      } satisfies WebhookNotifierConfig,
      {
        id: 'mail',
        type: 'email',
        smtp: 'smtps://mailer:secret@mail.example.org:465',
        from: 'newswatch@example.org',
        to: ['a@example.org', 'B <b@example.org>'],
        title: null,
        body: null,
      } satisfies EmailNotifierConfig,
    ]);
  });

  it('turns a single "to" address into a list', () => {
    const config = load(NOTIFIERS);
    expect((config.notifiers[1] as EmailNotifierConfig).to).toEqual(['analyst@example.org']);
  });

  it('returns a deeply frozen config', () => {
    const config = load(`${FEED}${TOPIC}    notify: [hook]\n${NOTIFIERS}`);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.network)).toBe(true);
    expect(Object.isFrozen(config.feeds)).toBe(true);
    expect(Object.isFrozen(config.feeds[0])).toBe(true);
    expect(Object.isFrozen(config.topics[0]?.notify)).toBe(true);
    expect(Object.isFrozen((config.notifiers[0] as WebhookNotifierConfig).headers)).toBe(true);
    expect(() => {
      (config as { tickMs: number }).tickMs = 1;
    }).toThrow(TypeError);
  });
});

describe('loadConfig: problems', () => {
  it('names file, line, column, path and a suggestion for a misspelt key', () => {
    const err = rejection(`feeds:
  - id: the-national
    urll: https://www.thenationalnews.com/rss
`);
    expect(err).toBeInstanceOf(NewswatchError);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems).toContainEqual({
      file: `config-${fileCount}.yaml`,
      line: 3,
      column: 5,
      path: 'feeds[0].urll',
      message: 'unknown key "urll" (did you mean "url"?)',
    });
    expect(err.message.split('\n')).toContain(
      `config-${fileCount}.yaml:3:5: feeds[0].urll: unknown key "urll" (did you mean "url"?)`,
    );
    // The missing source is reported at the list item that lacks it.
    expect(err.message.split('\n')).toContain(
      `config-${fileCount}.yaml:2:5: feeds[0]: a feed needs a \`url\`, a \`google_news\` search or a \`gdelt\` search`,
    );
  });

  it('lists the allowed keys when nothing is close to an unknown key', () => {
    expect(problemsOf('network:\n  proxy: http://proxy:3128\n')).toEqual([
      expect.objectContaining({
        line: 2,
        column: 3,
        path: 'network.proxy',
        message: 'unknown key "proxy" (allowed here: allow_private, allow_cidrs, user_agent, timeout, max_bytes)',
      }),
    ]);
  });

  it.each([
    ['a non-http URL', 'feeds:\n  - id: a\n    url: htp:/x\n', 'feeds[0].url', 3, 10, 'not a valid http(s) URL: "htp:/x"'],
    ['a URL without a scheme', 'feeds:\n  - id: a\n    url: example.com/rss\n', 'feeds[0].url', 3, 10, 'not a valid http(s) URL: "example.com/rss"'],
    ['a bad duration', 'feeds:\n  - id: a\n    url: https://a.example\n    every: 10 minutes\n', 'feeds[0].every', 4, 12, 'not a valid duration: "10 minutes" (use e.g.'],
    ['a too short poll interval', 'feeds:\n  - id: a\n    url: https://a.example\n    every: 5s\n', 'feeds[0].every', 4, 12, 'must be at least 30s (got 5s)'],
    ['a tick under 1s', 'tick: 0\n', 'tick', 1, 7, 'must be at least 1s (got 0s)'],
    ['a bad size', 'network:\n  max_bytes: 5 MiBs\n', 'network.max_bytes', 2, 14, 'not a valid size: "5 MiBs"'],
    ['a bad CIDR', 'network:\n  allow_cidrs: [10.0.0.0/33]\n', 'network.allow_cidrs[0]', 2, 17, 'not a valid CIDR: "10.0.0.0/33"'],
    ['a non-kebab id', 'feeds:\n  - id: The_National\n    url: https://a.example\n', 'feeds[0].id', 2, 9, 'not a valid id: "The_National"'],
    ['a string where a boolean belongs', 'network:\n  allow_private: "yes"\n', 'network.allow_private', 2, 18, 'expected true or false, got text "yes"'],
    ['a number where text belongs', 'topics:\n  - id: a\n    name: 2024\n    query: x\n', 'topics[0].name', 3, 11, 'expected text, got the number 2024 (put it in quotes to make it text)'],
    ['an empty query', 'topics:\n  - id: a\n    name: A\n    query: "  "\n', 'topics[0].query', 4, 12, 'must not be empty'],
    ['an unknown log level', 'log_level: verbose\n', 'log_level', 1, 12, 'must be one of "trace", "debug", "info", "warn", "error", "fatal"; got "verbose"'],
    ['an unknown entity type', 'topics:\n  - id: a\n    name: A\n    query: x\n    entities: {type: city}\n', 'topics[0].entities.type', 5, 22, 'must be "country"; got "city"'],
    ['an unknown notifier type', 'notifiers:\n  - id: a\n    type: pager\n', 'notifiers[0].type', 3, 11, 'unknown type "pager"; expected one of "webhook", "email", "slack", "discord", "telegram", "ntfy"'],
    ['a notifier without a type', 'notifiers:\n  - id: a\n    url: https://a.example\n', 'notifiers[0].type', 2, 5, 'required key "type" is missing; one of "webhook", "email", "slack", "discord", "telegram", "ntfy"'],
    ['a bad sender address', 'notifiers:\n  - id: m\n    type: email\n    smtp: smtp://h\n    from: newswatch\n    to: a@example.org\n', 'notifiers[0].from', 5, 11, 'not an email address: "newswatch"'],
    ['an empty recipient list', 'notifiers:\n  - id: m\n    type: email\n    smtp: smtp://h\n    from: a@example.org\n    to: []\n', 'notifiers[0].to', 6, 9, 'must name at least one address'],
    ['a PostgreSQL store', 'store: postgres://u:pw@db/newswatch\n', 'store', 1, 8, 'PostgreSQL stores are not supported yet (use "sqlite:<path>"'],
    ['an unknown store scheme', 'store: mysql://db\n', 'store', 1, 8, 'not a supported store URL: "mysql://db"'],
    ['a list where a mapping belongs', 'network: [a]\n', 'network', 1, 10, 'expected a mapping (key: value), got a list'],
    ['a mapping where a list belongs', 'feeds: {id: a}\n', 'feeds', 1, 8, 'expected a list, got a mapping'],
    ['a top level that is not a mapping', 'just text\n', '', 1, 1, 'expected a mapping (key: value), got text "just text"'],
  ])('reports %s', (_name, yaml, problemPath, line, column, message) => {
    const problems = problemsOf(yaml);
    const problem = problems.find((p) => p.path === problemPath);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem).toMatchObject({ line, column });
    expect(problem?.message.startsWith(message), problem?.message).toBe(true);
  });

  it.each([
    ['a bad webhook secret', 'secret: whsec_not*base64', 'notifiers[0].secret', 'whsec_not'],
    ['SMTP credentials', 'smtp: http://mailer:hunter2@mail.example.org', 'notifiers[0].smtp', 'hunter2'],
  ])('does not echo %s', (_name, line, problemPath, secret) => {
    const yaml = `notifiers:\n  - id: a\n    type: ${line.startsWith('smtp') ? 'email' : 'webhook'}\n    ${line}\n`;
    const err = rejection(yaml);
    expect(err.problems.map((p) => p.path)).toContain(problemPath);
    expect(err.message).not.toContain(secret);
  });

  it.each([
    ['feeds', `feeds:\n  - id: a\n    url: https://a.example\n  - id: a\n    url: https://b.example\n`, 'feeds[1].id', 4, 9, 'duplicate feed id "a" (already used by feeds[0])'],
    ['topics', `topics:\n  - {id: t, name: T, query: x}\n  - {id: t, name: U, query: y}\n`, 'topics[1].id', 3, 10, 'duplicate topic id "t" (already used by topics[0])'],
    ['notifiers', `notifiers:\n  - {id: n, type: webhook, url: https://a.example}\n  - {id: n, type: email, smtp: smtp://h, from: a@b.c, to: a@b.c}\n`, 'notifiers[1].id', 3, 10, 'duplicate notifier id "n" (already used by notifiers[0])'],
  ])('reports duplicate ids among %s', (_name, yaml, problemPath, line, column, message) => {
    const problems = problemsOf(yaml);
    expect(problems).toEqual([expect.objectContaining({ path: problemPath, line, column })]);
    expect(problems[0]?.message.startsWith(message)).toBe(true);
  });

  it('reports a topic that notifies an unknown notifier, with a suggestion', () => {
    const problems = problemsOf(`${TOPIC}    notify: [hook, mial]\n${NOTIFIERS}`);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 5,
        column: 20,
        path: 'topics[0].notify[1]',
        message: 'unknown notifier "mial" (did you mean "mail"?)',
      }),
    ]);
  });

  it('says so when a topic notifies but no notifiers are defined', () => {
    expect(problemsOf(`${TOPIC}    notify: [hook]\n`)[0]?.message).toBe(
      'unknown notifier "hook" (no notifiers are defined under "notifiers")',
    );
  });

  it('reports every problem at once, in file order', () => {
    const err = rejection(`feeds:
  - id: a
    url: ftp://a.example
tick: soon
`);
    expect(err.problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'feeds[0].url'],
      [4, 'tick'],
    ]);
    expect(err.message.split('\n')).toHaveLength(2);
  });

  it('reports a YAML syntax error with its line', () => {
    const err = rejection('feeds:\n  - id: a\n    url: [https://a.example\ntick: 15s\n');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: '', line: 4 });
    expect(err.problems[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('reports a key written twice as a YAML error', () => {
    const problems = problemsOf('tick: 15s\ntick: 20s\n');
    expect(problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(problems[0]?.message).toContain('unique');
  });

  it('reports a missing file as a ConfigError', () => {
    expect(() => loadConfig('nope.yaml', { cwd: dir, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig('nope.yaml', { cwd: dir, env: {} })).toThrow(
      'nope.yaml: file not found (name another file with --config or NEWSWATCH_CONFIG)',
    );
  });

  it('reports a directory given as the config file', () => {
    mkdirSync(path.join(dir, 'a-directory'), { recursive: true });
    expect(() => loadConfig('a-directory', { cwd: dir, env: {} })).toThrow('a-directory: is a directory');
  });
});

describe('loadConfig: chat notifiers and templates', () => {
  const BOT_TOKEN = '123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
  const notifierYaml = (lines: string): string => `notifiers:\n  - id: n\n${lines.replace(/^/gm, '    ')}\n`;

  it('normalises every chat notifier type with its defaults', () => {
    const config = load(`notifiers:
  - id: team-slack
    type: slack
    webhook_url: https://hooks.slack.com/services/T0/B0/secret
  - id: team-discord
    type: discord
    webhook_url: https://discord.com/api/webhooks/1/token
    title: "{{entities_new}} {{headline}}"
  - id: team-telegram
    type: telegram
    bot_token: ${BOT_TOKEN}
    chat_id: -1001234567890
  - id: phone
    type: ntfy
    url: https://ntfy.sh/newswatch-x
    token: tk_abc
    priority: high
    body: "{{#articles}}{{title}}\\n{{/articles}}"
`);
    expect(config.notifiers).toEqual([
      { id: 'team-slack', type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T0/B0/secret', title: null, body: null },
      {
        id: 'team-discord',
        type: 'discord',
        webhookUrl: 'https://discord.com/api/webhooks/1/token',
        title: '{{entities_new}} {{headline}}',
        body: null,
      },
      {
        id: 'team-telegram',
        type: 'telegram',
        botToken: BOT_TOKEN,
        chatId: '-1001234567890',
        apiUrl: 'https://api.telegram.org',
        title: null,
        body: null,
      },
      {
        id: 'phone',
        type: 'ntfy',
        url: 'https://ntfy.sh/newswatch-x',
        token: 'tk_abc',
        priority: 4,
        title: null,
        body: '{{#articles}}{{title}}\n{{/articles}}',
      },
    ] satisfies NotifierConfig[]);
  });

  it.each([
    ['min', 1],
    ['urgent', 5],
    ['Default', 3],
    [2, 2],
  ])('reads the ntfy priority %j as %i', (priority, level) => {
    const config = load(notifierYaml(`type: ntfy\nurl: https://ntfy.sh/x\npriority: ${priority}`));
    expect((config.notifiers[0] as NtfyNotifierConfig).priority).toBe(level);
  });

  it.each([
    ['a telegram notifier without a chat', 'type: telegram\nbot_token: ' + BOT_TOKEN, 'notifiers[0].chat_id', 'required key "chat_id" is missing'],
    ['a bad chat id', `type: telegram\nbot_token: ${BOT_TOKEN}\nchat_id: my group`, 'notifiers[0].chat_id', 'not a Telegram chat id: "my group"'],
    ['a bad ntfy priority', 'type: ntfy\nurl: https://ntfy.sh/x\npriority: loud', 'notifiers[0].priority', 'not an ntfy priority: "loud"'],
    ['a priority out of range', 'type: ntfy\nurl: https://ntfy.sh/x\npriority: 6', 'notifiers[0].priority', 'not an ntfy priority: 6'],
    ['a misspelt key', 'type: slack\nwebhook_ur: https://hooks.slack.com/x', 'notifiers[0].webhook_ur', 'unknown key "webhook_ur" (did you mean "webhook_url"?)'],
    ['an unknown placeholder', 'type: discord\nwebhook_url: https://d.example/x\ntitle: "{{headlin}}"', 'notifiers[0].title', 'unknown placeholder "headlin"'],
    ['an unescaped value', 'type: slack\nwebhook_url: https://s.example/x\nbody: "{{{headline}}}"', 'notifiers[0].body', '"headline" would be inserted unescaped'],
    ['an unclosed section', 'type: ntfy\nurl: https://n.example/x\nbody: "{{#articles}}"', 'notifiers[0].body', 'template does not parse'],
    ['templates on a webhook', 'type: webhook\nurl: https://w.example/x\ntitle: x', 'notifiers[0].title', 'unknown key "title"'],
  ])('reports %s', (_name, lines, problemPath, message) => {
    const problem = problemsOf(notifierYaml(lines)).find((p) => p.path === problemPath);
    expect(problem?.message.startsWith(message), JSON.stringify(problem)).toBe(true);
    expect(problem?.line).not.toBeNull();
  });

  it('reports every problem of several chat notifiers at once', () => {
    const problems = problemsOf(`notifiers:
  - {id: a, type: slack, webhook_url: nope}
  - {id: b, type: telegram, bot_token: nope, chat_id: x y}
  - {id: c, type: ntfy, url: https://n.example/x, priority: 9, title: "{{x}}"}
`);
    expect(problems.map((p) => p.path)).toEqual([
      'notifiers[0].webhook_url',
      'notifiers[1].bot_token',
      'notifiers[1].chat_id',
      'notifiers[2].priority',
      'notifiers[2].title',
    ]);
  });

  it.each([
    ['a slack webhook path', 'type: slack\nwebhook_url: hooks.slack.com/services/T0/B0/SECRETPATH', 'SECRETPATH'],
    ['a discord webhook token', 'type: discord\nwebhook_url: "discord.com/api/webhooks/1/SECRETPATH"', 'SECRETPATH'],
    ['a telegram bot token', 'type: telegram\nbot_token: 123:SECRETPATH\nchat_id: 1', 'SECRETPATH'],
    ['an ntfy topic URL', 'type: ntfy\nurl: ntfy.sh/SECRETPATH', 'SECRETPATH'],
  ])('does not echo %s', (_name, lines, secret) => {
    const err = rejection(notifierYaml(lines));
    expect(err.problems.length).toBeGreaterThan(0);
    expect(err.message).not.toContain(secret);
  });
});

describe('loadConfig: delivery policies', () => {
  it('reads rate limits, digests and the retry schedule', () => {
    const config = load(`notifiers:
  - { id: hook, type: webhook, url: "https://hooks.example.org/x", rate_limit: 20/min }
  - { id: daily, type: webhook, url: "https://hooks.example.org/y", digest: { at: "08:00", tz: Asia/Almaty } }
  - { id: hourly, type: webhook, url: "https://hooks.example.org/z", digest: { every: 1h }, rate_limit: 1/10s }
delivery: { retry_schedule: [1s, 1m] }
`);
    expect(config.notifierPolicies).toEqual({
      hook: { rateLimit: { count: 20, perMs: 60_000 }, digest: null },
      daily: { rateLimit: null, digest: { at: '08:00', tz: 'Asia/Almaty' } },
      hourly: { rateLimit: { count: 1, perMs: 10_000 }, digest: { everyMs: 3_600_000 } },
    });
    expect(config.retryScheduleMs).toEqual([1_000, 60_000]);
  });

  it.each([
    ['a rate limit without a period', 'rate_limit: 20', /notifiers\[0\]\.rate_limit: not a rate limit/],
    ['a digest with both every and at', 'digest: { every: 1h, at: "08:00" }', /notifiers\[0\]\.digest: a digest needs either `every`/],
    ['an unknown time zone', 'digest: { at: "08:00", tz: Mars/Olympus }', /notifiers\[0\]\.digest\.tz: not a known time zone/],
    ['a bad time of day', 'digest: { at: "25:00" }', /notifiers\[0\]\.digest\.at: not a time of day/],
    ['a typo in a digest key', 'digest: { evry: 1h }', /notifiers\[0\]\.digest\.evry: unknown key "evry" \(did you mean "every"\?\)/],
  ])('reports %s', (_what, line, message) => {
    expect(() => load(`notifiers:\n  - { id: hook, type: webhook, url: "https://hooks.example.org/x", ${line} }\n`)).toThrow(message);
  });
});

describe('loadConfig: search feeds', () => {
  it('turns google_news and gdelt searches into feed URLs', () => {
    const config = load(`feeds:
  - { id: gn, google_news: { query: '"Abraham Accords"', lang: en-GB, region: GB } }
  - { id: gd, gdelt: { query: '"Abraham Accords" sourcelang:english' } }
`);
    expect(config.feeds[0]!.url).toBe('https://news.google.com/rss/search?q=%22Abraham%20Accords%22&hl=en-GB&gl=GB&ceid=GB%3Aen');
    expect(config.feeds[1]!.url).toMatch(/^https:\/\/api\.gdeltproject\.org\/api\/v2\/doc\/doc\?query=.*&format=rss/);
    expect(config.feeds[1]!.url).toContain('timespan=24h');
  });

  it.each([
    ['neither a url nor a search', '{ id: x }', /feeds\[0\]: a feed needs a `url`, a `google_news` search or a `gdelt` search/],
    ['both a url and a search', '{ id: x, url: "https://example.org/f.xml", gdelt: { query: q } }', /feeds\[0\]: give only one of `url`, `google_news` and `gdelt`/],
    ['a typo in a search key', '{ id: x, google_news: { qeury: q } }', /feeds\[0\]\.google_news\.qeury: unknown key "qeury" \(did you mean "query"\?\)/],
  ])('reports %s', (_what, feed, message) => {
    expect(() => load(`feeds:\n  - ${feed}\n`)).toThrow(message);
  });
});

describe('loadConfig: environment', () => {
  const HOOK = (url: string): string => `notifiers:\n  - id: hook\n    type: webhook\n    url: ${url}\n`;

  it.each([
    ['a set variable', '${WEBHOOK_URL}', { WEBHOOK_URL: 'https://a.example/x' }, 'https://a.example/x'],
    ['a default for an unset variable', '${WEBHOOK_URL:-https://b.example}', {}, 'https://b.example'],
    ['a default for an empty variable', '${WEBHOOK_URL:-https://b.example}', { WEBHOOK_URL: '' }, 'https://b.example'],
    ['a variable inside text', 'https://${HOST}/hooks/${ID}', { HOST: 'c.example', ID: '42' }, 'https://c.example/hooks/42'],
    ['a quoted value', '"${WEBHOOK_URL}"', { WEBHOOK_URL: 'https://d.example' }, 'https://d.example'],
  ])('expands %s', (_name, value, env, expected) => {
    const config = load(HOOK(value), { env });
    expect((config.notifiers[0] as WebhookNotifierConfig).url).toBe(expected);
  });

  it('writes $${VAR} as a literal ${VAR}', () => {
    const config = load(`${HOOK('https://a.example')}    headers: {X-Template: "$\${NOT_EXPANDED}"}\n`);
    expect((config.notifiers[0] as WebhookNotifierConfig).headers).toEqual({ 'X-Template': '${NOT_EXPANDED}' });
  });

  it('reports an unset variable at its value, and nothing else there', () => {
    const problems = problemsOf(HOOK('${WEBHOOK_URL}'));
    expect(problems).toEqual([
      {
        file: `config-${fileCount}.yaml`,
        line: 4,
        column: 10,
        path: 'notifiers[0].url',
        message: 'environment variable WEBHOOK_URL is not set (set it, or give a default: ${WEBHOOK_URL:-default})',
      },
    ]);
  });

  it('reports a malformed reference', () => {
    expect(problemsOf(HOOK('https://${HOST')).map((p) => p.message)).toContainEqual(
      expect.stringContaining('unterminated "${"'),
    );
  });

  it('treats an optional key that expands to nothing as absent', () => {
    const config = load(`redis: \${REDIS:-}\ndata_dir: \${DATA:-}\n${HOOK('https://a.example')}    secret: \${SECRET:-}\n`);
    expect(config.redisUrl).toBeNull();
    expect(config.dataDir).toBe(path.join(dir, 'data'));
    expect((config.notifiers[0] as WebhookNotifierConfig).secret).toBeNull();
  });

  it('reports a required key that expands to nothing', () => {
    expect(problemsOf(HOOK('${WEBHOOK_URL:-}'))).toEqual([
      expect.objectContaining({
        line: 4,
        path: 'notifiers[0].url',
        message: 'is required, but "${WEBHOOK_URL:-}" expanded to an empty string',
      }),
    ]);
  });

  it('does not echo an expanded value in a problem', () => {
    const err = rejection(HOOK('${WEBHOOK_URL}'), { env: { WEBHOOK_URL: 'not-a-url-but-a-secret-token' } });
    expect(err.problems[0]?.message).toBe('not a valid http(s) URL (the value of "${WEBHOOK_URL}")');
    expect(err.message).not.toContain('secret-token');
  });

  it('types an unquoted expanded number or boolean as YAML would, and keeps quoted ones as text', () => {
    const config = load('tick: ${TICK:-30}\nnetwork:\n  allow_private: ${PRIVATE:-true}\n');
    expect(config.tickMs).toBe(30_000);
    expect(config.network.allowPrivate).toBe(true);
    expect(problemsOf('network:\n  allow_private: "${PRIVATE:-true}"\n')[0]?.message).toBe(
      'expected true or false, got text',
    );
  });

  it('lets LOG_LEVEL override the file', () => {
    expect(load('log_level: warn\n', { env: { LOG_LEVEL: 'debug' } }).logLevel).toBe('debug');
    expect(problemsOf('', { env: { LOG_LEVEL: 'loud' } })).toEqual([
      expect.objectContaining({ line: null, column: null, message: expect.stringContaining('LOG_LEVEL is "loud"') }),
    ]);
  });

  it('uses REDIS_URL only when the file has no redis key', () => {
    expect(load('', { env: { REDIS_URL: 'redis://env:6379' } }).redisUrl).toBe('redis://env:6379');
    expect(load('redis: redis://file:6379\n', { env: { REDIS_URL: 'redis://env:6379' } }).redisUrl).toBe(
      'redis://file:6379',
    );
  });
});

describe("loadConfig with only: 'topics'", () => {
  it('accepts a file holding only topics, without checking notifier references', () => {
    const config = load(`${TOPIC}    notify: [hook]\n`, { only: 'topics' });
    expect(config.topics.map((t) => t.notify)).toEqual([['hook']]);
    expect(config.feeds).toEqual([]);
  });

  it('still validates the other sections that are present', () => {
    const problems = problemsOf(`${TOPIC}feeds:\n  - id: a\n    url: nope\n`, { only: 'topics' });
    expect(problems.map((p) => p.path)).toEqual(['feeds[0].url']);
  });
});

describe('resolveConfigPath', () => {
  it.each([
    ['--config', 'cli.yaml', { NEWSWATCH_CONFIG: 'env.yaml' }, 'cli.yaml'],
    ['NEWSWATCH_CONFIG', undefined, { NEWSWATCH_CONFIG: 'env.yaml' }, 'env.yaml'],
    ['the default', undefined, {}, 'config/newswatch.yaml'],
    ['the default over empty values', '', { NEWSWATCH_CONFIG: '' }, 'config/newswatch.yaml'],
  ])('prefers %s', (_name, cli, env, expected) => {
    expect(resolveConfigPath(cli, env)).toBe(expected);
  });
});

describe('parseDuration and parseSize', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s', 93_784_000],
    ['500ms', 500],
    ['90', 90_000],
    [90, 90_000],
    [0.5, 500],
  ])('reads the duration %s', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '1.5h', '30m1h', '10 m', '-5s', 'soon', -1])('rejects the duration %j', (input) => {
    expect(() => parseDuration(input)).toThrow(NewswatchError);
  });

  it.each([
    [1024, 1024],
    ['1024', 1024],
    ['512KB', 512 * 1024],
    ['5MB', 5 * 1024 * 1024],
    ['5mb', 5 * 1024 * 1024],
    ['2MiB', 2 * 1024 * 1024],
    ['1GB', 1024 ** 3],
    ['1.5KB', 1536],
  ])('reads the size %s', (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each(['', 'big', '5TB', '-1', 'MB'])('rejects the size %j', (input) => {
    expect(() => parseSize(input)).toThrow(NewswatchError);
  });
});

const EXAMPLE = fileURLToPath(new URL('../../../config/newswatch.yaml', import.meta.url));

describe.skipIf(!existsSync(EXAMPLE))('the shipped example config', () => {
  it('loads with an empty environment', () => {
    const config = loadConfig(EXAMPLE, { env: {}, cwd: path.dirname(path.dirname(EXAMPLE)) });
    expect(config.file).toBe(EXAMPLE);
  });
});
