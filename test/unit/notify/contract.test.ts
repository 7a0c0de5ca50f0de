/** Runs over every registered notifier type: adding a type without a sample config here fails this suite. */
import { describe, expect, it } from 'vitest';
import type { NotifierConfig } from '../../../src/config/types.js';
import { NewswatchError } from '../../../src/errors.js';
import {
  createNotifier,
  createNotifiers,
  notifierDefinitions,
  type NotifierDeps,
} from '../../../src/notify/index.js';
import { indexDefinitions } from '../../../src/notify/registry.js';

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
} as const satisfies NotifierConfig;

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
  },
  email: {
    config: { ...email, to: [...email.to] },
    secrets: [PASSWORD, encodeURIComponent(PASSWORD)],
    invalid: [
      ['a non-smtp url', { ...email, to: [...email.to], smtp: 'http://mail.example.org' }],
      ['no recipients', { ...email, to: [] }],
    ],
  },
};

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
    const built = createNotifiers([samples.webhook!.config, samples.email!.config], deps);
    expect([...built.keys()]).toEqual(['ops-webhook', 'ops-email']);
  });

  it('refuses a duplicate notifier id', () => {
    const config = samples.webhook!.config;
    expect(() => createNotifiers([config, config], deps)).toThrow(NewswatchError);
  });
});

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

  it('shows an email target with the password masked and every recipient', () => {
    expect(createNotifier(samples.email!.config, deps).describe()).toBe(
      'email smtp://alerts:***@mail.example.org:587 → a@x.org, b@y.org',
    );
  });
});
