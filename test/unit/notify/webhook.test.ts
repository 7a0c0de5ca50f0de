import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../../src/notify/deadline.js';
import { buildWebhookBody, buildWebhookDigestBody } from '../../../src/notify/webhook-payload.js';
import { sampleAlert, sampleArticle, sampleDigest, sampleStory } from './samples.js';

const readDoc = (name: string): string => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');
const schema = JSON.parse(readDoc('webhook.schema.json')) as object;
const digestSchema = JSON.parse(readDoc('webhook-digest.schema.json')) as object;

/** Checks against the alert schema, or the digest schema whose stories refer to the alert schema. */
function validator(target: object = schema) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  if (target !== schema) ajv.addSchema(schema);
  return ajv.compile(target);
}

/** The JSON Schema embedded in docs/webhook.md: the first json block under the line `heading`. */
function embeddedSchema(heading: string): unknown {
  const doc = readDoc('webhook.md');
  const at = doc.indexOf(`\n${heading}\n`);
  expect(at).toBeGreaterThan(-1);
  const embedded = /```json\n([\s\S]*?)\n```/.exec(doc.slice(at))?.[1];
  expect(embedded).toBeDefined();
  return JSON.parse(embedded!);
}

describe('buildWebhookBody', () => {
  it('serialises the version-1 keys in snake_case and in order', () => {
    const alert = sampleAlert({
      id: 'dlv-1',
      topic: { id: 't', name: 'T' },
      story: { id: 's-1', firstSeen: '2025-01-01T00:00:00.000Z', articleCount: 2, sources: ['S', 'R'] },
      update: true,
      threadId: 'dlv-0',
      entities: [{ code: 'KZ', name: 'Kazakhstan', primary: true, new: true }],
      articles: [{ url: null, title: 'A', source: 'S', published: null, snippet: '' }],
      matchedTerms: ['x'],
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(buildWebhookBody(alert)).toBe(
      '{"type":"newswatch.alert","version":1,"id":"dlv-1","created_at":"2025-01-01T00:00:00.000Z",' +
        '"topic":{"id":"t","name":"T"},' +
        '"story":{"id":"s-1","first_seen":"2025-01-01T00:00:00.000Z","article_count":2,"sources":["S","R"]},' +
        '"update":true,"entities":[{"code":"KZ","name":"Kazakhstan","primary":true,"new":true}],' +
        '"articles":[{"url":null,"title":"A","source":"S","published":null,"snippet":""}],' +
        '"matched_terms":["x"]}',
    );
  });

  it.each([
    ['a first alert', sampleAlert()],
    ['an update with nulls and no entities', sampleAlert({ update: true, threadId: 'dlv-1', entities: [], articles: [sampleArticle({ url: null, published: null })] })],
    ['hostile feed text', sampleAlert({ articles: [sampleArticle({ title: '<script>"\u0000\r\n', snippet: '\u2028' })] })],
  ])('renders %s valid against docs/webhook.schema.json (ajv, draft 2020-12)', (_case, alert) => {
    const validate = validator();
    const valid = validate(JSON.parse(buildWebhookBody(alert)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ['a missing story', (body: Record<string, unknown>) => delete body.story],
    ['an entity without "new"', (body: Record<string, unknown>) => delete (body.entities as Array<Record<string, unknown>>)[0]!.new],
    ['another version', (body: Record<string, unknown>) => (body.version = 2)],
  ])('has a schema that refuses %s', (_case, breakIt) => {
    const body = JSON.parse(buildWebhookBody(sampleAlert())) as Record<string, unknown>;
    breakIt(body);
    expect(validator()(body)).toBe(false);
  });
});

describe('buildWebhookDigestBody', () => {
  it('serialises the version-1 digest keys, each story in the alert payload\'s story shape', () => {
    const topic = { id: 't', name: 'T' };
    const story = sampleStory(topic, '1', 'A');
    const body = buildWebhookDigestBody(sampleDigest({ topics: [{ topic, alerts: [story] }] }));
    // The alert payload without its envelope keys is exactly what the digest lists per story.
    const storyKeys = JSON.parse(buildWebhookBody(story)) as Record<string, unknown>;
    for (const key of ['type', 'version', 'id', 'created_at', 'topic']) delete storyKeys[key];
    expect(body).toBe(
      '{"type":"newswatch.digest","version":1,"id":"dgst-9","created_at":"2025-11-06T09:00:00.000Z",' +
        '"period":{"start":"2025-11-06T08:00:00.000Z","end":"2025-11-06T09:00:00.000Z"},' +
        `"topics":[{"topic":{"id":"t","name":"T"},"stories":[${JSON.stringify(storyKeys)}]}]}`,
    );
  });

  it('keeps topic and story order as the digest has it', () => {
    const body = JSON.parse(buildWebhookDigestBody(sampleDigest())) as {
      topics: Array<{ topic: { id: string }; stories: Array<{ story: { id: string } }> }>;
    };
    expect(body.topics.map((group) => [group.topic.id, group.stories.map((story) => story.story.id)])).toEqual([
      ['abraham-accords', ['story-7', 'story-2']],
      ['gulf-diplomacy', ['story-3']],
    ]);
  });

  it.each([
    ['the sample digest', sampleDigest()],
    ['a digest without topics', sampleDigest({ topics: [] })],
    [
      'hostile feed text and nulls',
      sampleDigest({
        topics: [
          {
            topic: { id: 't', name: '<script>\r\n' },
            alerts: [sampleAlert({ entities: [], articles: [sampleArticle({ title: '<script>"\u0000\r\nBcc: x', url: null, published: null })] })],
          },
        ],
      }),
    ],
  ])('renders %s valid against docs/webhook-digest.schema.json (ajv, draft 2020-12)', (_case, digest) => {
    const validate = validator(digestSchema);
    const valid = validate(JSON.parse(buildWebhookDigestBody(digest)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  type Body = { topics: Array<{ stories: Array<Record<string, unknown>> }> } & Record<string, unknown>;
  it.each([
    ['a missing period', (body: Body) => delete body.period],
    ['an alert type', (body: Body) => (body.type = 'newswatch.alert')],
    ['a story without matched_terms', (body: Body) => delete body.topics[0]!.stories[0]!.matched_terms],
    ['an article count of 0', (body: Body) => ((body.topics[0]!.stories[0]!.story as { article_count: number }).article_count = 0)],
  ])('has a schema that refuses %s', (_case, breakIt) => {
    const body = JSON.parse(buildWebhookDigestBody(sampleDigest())) as Body;
    breakIt(body);
    expect(validator(digestSchema)(body)).toBe(false);
  });
});

describe('docs/webhook.md', () => {
  it('embeds the same JSON Schema as docs/webhook.schema.json', () => {
    expect(embeddedSchema('## JSON Schema')).toEqual(schema);
  });

  it('embeds the same digest JSON Schema as docs/webhook-digest.schema.json', () => {
    expect(embeddedSchema('### Digest JSON Schema')).toEqual(digestSchema);
  });
});

describe('startDeadline', () => {
  it('aborts at the deadline and says so', async () => {
    const deadline = startDeadline(20);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    deadline.dispose();
  });

  it('follows the caller signal, not as a timeout', () => {
    const controller = new AbortController();
    const deadline = startDeadline(10_000, controller.signal);
    controller.abort();
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(false);
    deadline.dispose();
  });

  it('leaves no listener on a long-lived caller signal once disposed', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 100; i++) startDeadline(10_000, shutdown.signal).dispose();
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});
