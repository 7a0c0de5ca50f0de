/**
 * Runs over every registered notifier type: adding a type without a sample config here fails this suite. Sends go to
 * 127.0.0.1 only: a closed port, and a receiver that accepts anything (HTTP 200, or the SMTP sink).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifierConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import {
  createNotifier,
  createNotifiers,
  notifierDefinitions,
  type Notifier,
  type NotifierDeps,
} from '../../../src/notify/index.js';
import { indexDefinitions } from '../../../src/notify/registry.js';
// The SMTP sink the email integration tests use, so both hold the notifier to the same server.
import { cleanups, startSink } from '../../integration/notify/mail-kit.js';
import { BOT_TOKEN, NO_TEMPLATES, NTFY_TOKEN, sampleAlert, sampleDigest } from './samples.js';

const deps: NotifierDeps = { userAgent: 'newswatch-test/0' };

const PASSWORD = 'pa55-Word!secret';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const QUERY_TOKEN = 'tok-9f8e7d6c5b4a';
const PATH_TOKEN = 'B0123XYZpathtoken';

interface Sample {
  /** A valid config whose every secret must stay out of describe(). */
  config: NotifierConfig;
  secrets: string[];
  /** Configs that create() must refuse. */
  invalid: Array<[string, NotifierConfig]>;
  /** The sample pointed at 127.0.0.1:`port`, for a send that cannot connect or one that is accepted. */
  atPort(port: number): NotifierConfig;
  /** What listens for it: SMTP for email, else HTTP. */
  receiver?: 'smtp';
}

const webhook = {
  id: 'ops-webhook',
  type: 'webhook',
  url: `https://hooks.example.org/services/T000/${PATH_TOKEN}?token=${QUERY_TOKEN}`,
  secret: SECRET,
  headers: { Authorization: 'Bearer header-token-123' },
} as const satisfies NotifierConfig;

const email = {
  id: 'ops-email',
  type: 'email',
  smtp: `smtp://alerts:${encodeURIComponent(PASSWORD)}@mail.example.org:587`,
  from: 'newswatch@example.org',
  to: ['a@x.org', 'b@y.org'],
  ...NO_TEMPLATES,
} as const satisfies NotifierConfig;

const slack = {
  id: 'ops-slack',
  type: 'slack',
  webhookUrl: `https://hooks.slack.example/services/T000/${PATH_TOKEN}/XXXXXXXXXXXXXXXXXXXXXXXX`,
  ...NO_TEMPLATES,
} as const satisfies NotifierConfig;

const discord = {
  id: 'ops-discord',
  type: 'discord',
  webhookUrl: `https://discord.example/api/webhooks/1234567890/${PATH_TOKEN}-abcdefghijklmnop`,
  ...NO_TEMPLATES,
} as const satisfies NotifierConfig;

const telegram = {
  id: 'ops-telegram',
  type: 'telegram',
  botToken: BOT_TOKEN,
  chatId: '-1001234567890',
  apiUrl: 'https://api.telegram.example',
  ...NO_TEMPLATES,
} as const satisfies NotifierConfig;

const ntfy = {
  id: 'ops-ntfy',
  type: 'ntfy',
  url: `https://ntfy.example/newswatch-${PATH_TOKEN}`,
  token: NTFY_TOKEN,
  priority: 3,
  ...NO_TEMPLATES,
} as const satisfies NotifierConfig;

const local = (port: number, path = '/x'): string => `http://127.0.0.1:${port}${path}`;

const samples: Record<string, Sample> = {
  webhook: {
    config: { ...webhook, headers: { ...webhook.headers } },
    secrets: [SECRET, SECRET.slice('whsec_'.length), QUERY_TOKEN, PATH_TOKEN, 'header-token-123'],
    invalid: [
      ['a non-http url', { ...webhook, headers: {}, url: 'ftp://hooks.example.org/x' }],
      ['an unparseable url', { ...webhook, headers: {}, url: 'not a url' }],
      ['a secret that is not base64', { ...webhook, headers: {}, secret: 'whsec_not base64!' }],
      ['a header with a line break', { ...webhook, headers: { 'X-A': 'a\r\nX-B: b' } }],
      ['a header newswatch sets itself', { ...webhook, headers: { 'Webhook-Signature': 'v1,x' } }],
    ],
    atPort: (port) => ({ ...webhook, headers: {}, url: local(port, `/hook?token=${QUERY_TOKEN}`) }),
  },
  email: {
    config: { ...email, to: [...email.to] },
    secrets: [PASSWORD, encodeURIComponent(PASSWORD)],
    invalid: [
      ['a non-smtp url', { ...email, to: [...email.to], smtp: 'http://mail.example.org' }],
      ['no recipients', { ...email, to: [] }],
      ['a template naming an unknown placeholder', { ...email, to: [...email.to], title: '{{nope}}' }],
    ],
    atPort: (port) => ({ ...email, to: [...email.to], smtp: `smtp://alerts:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}` }),
    receiver: 'smtp',
  },
  slack: {
    config: slack,
    secrets: [PATH_TOKEN, 'XXXXXXXXXXXXXXXXXXXXXXXX'],
    invalid: [
      ['a non-http url', { ...slack, webhookUrl: 'ftp://hooks.slack.example/x' }],
      ['an unescaped template value', { ...slack, body: '{{{headline}}}' }],
    ],
    atPort: (port) => ({ ...slack, webhookUrl: local(port, `/services/T000/${PATH_TOKEN}`) }),
  },
  discord: {
    config: discord,
    secrets: [PATH_TOKEN],
    invalid: [
      ['an unparseable url', { ...discord, webhookUrl: 'discord' }],
      ['a template that does not parse', { ...discord, title: '{{#articles}}' }],
    ],
    atPort: (port) => ({ ...discord, webhookUrl: local(port, `/api/webhooks/1/${PATH_TOKEN}`) }),
  },
  telegram: {
    config: telegram,
    secrets: [BOT_TOKEN, BOT_TOKEN.split(':')[1]!],
    invalid: [
      ['a bot token that would change the URL path', { ...telegram, botToken: '123:abc/../../other' }],
      ['an empty chat id', { ...telegram, chatId: ' ' }],
      ['a non-http api url', { ...telegram, apiUrl: 'file:///etc/passwd' }],
      ['a body template with a tag Telegram refuses', { ...telegram, body: '<div>{{headline}}</div>' }],
    ],
    atPort: (port) => ({ ...telegram, apiUrl: local(port, '') }),
  },
  ntfy: {
    config: ntfy,
    secrets: [NTFY_TOKEN, PATH_TOKEN],
    invalid: [
      ['a non-http url', { ...ntfy, url: 'mailto:a@b.c' }],
      ['a token with a line break', { ...ntfy, token: 'tk_a\r\nX-Evil: 1' }],
      ['a priority out of range', { ...ntfy, priority: 7 as 5 }],
    ],
    atPort: (port) => ({ ...ntfy, url: local(port, `/newswatch-${PATH_TOKEN}`) }),
  },
};

/** A port on 127.0.0.1 that was free a moment ago and has nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('notifier registry', () => {
  it('has unique types', () => {
    const types = notifierDefinitions.map((definition) => definition.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('refuses a duplicate type', () => {
    const [first] = notifierDefinitions;
    expect(first).toBeDefined();
    expect(() => indexDefinitions([first!, first!])).toThrow(/registered twice/);
  });

  it('has a sample config for every registered type', () => {
    expect(Object.keys(samples).sort()).toEqual(notifierDefinitions.map((definition) => definition.type).sort());
  });

  it('builds every configured notifier keyed by id', () => {
    const built = createNotifiers(Object.values(samples).map((sample) => sample.config), deps);
    expect([...built.keys()]).toEqual(['ops-webhook', 'ops-email', 'ops-slack', 'ops-discord', 'ops-telegram', 'ops-ntfy']);
  });

  it('refuses a duplicate notifier id', () => {
    const config = samples.webhook!.config;
    expect(() => createNotifiers([config, config], deps)).toThrow(NewswatchError);
  });
});

/** A receiver on 127.0.0.1 that accepts everything and counts what it got. */
interface Receiver {
  port: number;
  received(): number;
}

async function startHttpReceiver(): Promise<Receiver & { close(): Promise<void> }> {
  let received = 0;
  const server = createHttpServer((req, res) => {
    req.resume().on('end', () => {
      received += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let port: number;
let receivers: Record<'http' | 'smtp', Receiver>;
beforeAll(async () => {
  port = await closedPort();
  const http = await startHttpReceiver();
  cleanups.push(http.close);
  const sink = await startSink();
  receivers = { http, smtp: { port: sink.port, received: () => sink.delivered.length } };
});

afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Both ways to deliver, so every contract holds for alerts and digests alike. */
const deliveries: Array<[string, (notifier: Notifier) => Promise<void>]> = [
  ['an alert', (notifier) => notifier.send(sampleAlert(), {})],
  ['a digest', (notifier) => notifier.sendDigest(sampleDigest(), {})],
];

describe.each(notifierDefinitions.map((definition) => [definition.type, definition] as const))(
  'notifier contract: %s',
  (type, definition) => {
    const sample = samples[type];

    it('creates from a valid sample config', () => {
      expect(sample).toBeDefined();
      const notifier = definition.create(sample!.config, deps);
      expect(notifier.id).toBe(sample!.config.id);
      expect(notifier.type).toBe(type);
      expect(createNotifier(sample!.config, deps).type).toBe(type);
    });

    it('describes its target without any secret', () => {
      const description = definition.create(sample!.config, deps).describe();
      expect(description.startsWith(`${type} `)).toBe(true);
      for (const secret of sample!.secrets) expect(description).not.toContain(secret);
    });

    it.each(sample?.invalid ?? [])('refuses %s when built, not at send time', (_case, config) => {
      let thrown: unknown;
      try {
        definition.create(config, deps);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(NewswatchError);
      expect((thrown as NewswatchError).code).toBe('CONFIG_INVALID');
      for (const secret of sample!.secrets) expect((thrown as Error).message).not.toContain(secret);
    });

    it('has send and sendDigest', () => {
      const notifier = definition.create(sample!.config, deps);
      expect(typeof notifier.send).toBe('function');
      expect(typeof notifier.sendDigest).toBe('function');
    });

    it.each(deliveries)('delivers %s to a local receiver', async (_what, deliver) => {
      const receiver = receivers[sample!.receiver ?? 'http'];
      const before = receiver.received();
      await deliver(definition.create(sample!.atPort(receiver.port), { ...deps, timeoutMs: 5_000 }));
      expect(receiver.received()).toBe(before + 1);
    });

    it.each(deliveries)('fails %s to a closed port as retryable, without any secret in the message', async (_what, deliver) => {
      const notifier = definition.create(sample!.atPort(port), { ...deps, timeoutMs: 5_000 });
      const thrown = await deliver(notifier).then(
        () => null,
        (err: unknown) => err,
      );
      expect(thrown).toBeInstanceOf(NewswatchError);
      expect((thrown as NewswatchError).code).toBe('NOTIFY_FAILED');
      expect((thrown as NewswatchError).retryable).toBe(true);
      for (const secret of sample!.secrets) expect((thrown as Error).message).not.toContain(secret);
    });
  },
);

describe('describe() output', () => {
  it('shows a webhook by origin only', () => {
    expect(createNotifier(samples.webhook!.config, deps).describe()).toBe('webhook https://hooks.example.org/… (signed)');
  });

  it('shows an unsigned webhook', () => {
    const config = { ...webhook, headers: {}, secret: null, url: 'http://hooks.example.org' };
    expect(createNotifier(config, deps).describe()).toBe('webhook http://hooks.example.org (unsigned)');
  });

  it.each([
    ['email', 'email smtp://alerts:***@mail.example.org:587 → a@x.org, b@y.org'],
    ['slack', 'slack https://hooks.slack.example/…'],
    ['discord', 'discord https://discord.example/…'],
    ['telegram', 'telegram https://api.telegram.example → chat -1001234567890'],
    ['ntfy', 'ntfy https://ntfy.example/… (token)'],
  ])('shows a %s target masked', (type, expected) => {
    expect(createNotifier(samples[type]!.config, deps).describe()).toBe(expected);
  });
});
