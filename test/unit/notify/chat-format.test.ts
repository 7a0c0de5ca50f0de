/** Property tests: whatever a feed puts in an alert or a digest, each chat format stays valid for its service and inert. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDiscordBody, buildDiscordDigestBody, DISCORD_LIMITS } from '../../../src/notify/discord.js';
import type { HttpMessage } from '../../../src/notify/http-delivery.js';
import { buildNtfyDigestMessage, buildNtfyMessage, NTFY_MAX_BODY_BYTES } from '../../../src/notify/ntfy.js';
import { buildSlackBody, buildSlackDigestBody } from '../../../src/notify/slack.js';
import { renderTelegramDigestHtml, renderTelegramHtml, TELEGRAM_MAX_CHARS, TELEGRAM_TAGS } from '../../../src/notify/telegram.js';
import type { MessageTemplates } from '../../../src/notify/template.js';
import type { Alert, DigestAlert } from '../../../src/types.js';
import { sampleAlert, sampleDigest } from './samples.js';

const NO_TEMPLATES: MessageTemplates = { title: null, body: null };

// Markup and mention characters of every service, bidi and control characters, astral emoji, long runs.
const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', '*', '_', '~', '`', '|', '[', ']', '(', ')', '#', '@', '\\', '\r', '\n', '\u202e', '\u0000', '😀', 'a', ' ') , maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('@everyone', '<!channel>', '<script>alert(1)</script>', '[x](javascript:alert(1))', 'x'.repeat(20_000)),
);
const url = fc.oneof(fc.constant(null), fc.webUrl({ withQueryParameters: true }), fc.constantFrom('javascript:alert(1)', 'data:x', '/rel'));

const hostileAlert: fc.Arbitrary<Alert> = fc
  .record({
    titles: fc.array(fc.record({ title: hostileText, snippet: hostileText, source: hostileText, url }), { minLength: 0, maxLength: 30 }),
    entity: hostileText,
    topic: hostileText,
    sources: fc.array(hostileText, { maxLength: 50 }),
    update: fc.boolean(),
  })
  .map(({ titles, entity, topic, sources, update }) =>
    sampleAlert({
      topic: { id: 't', name: topic },
      update,
      entities: [{ code: 'XX', name: entity, primary: true, new: true }],
      story: { id: 's', firstSeen: '2025-11-06T18:00:00.000Z', articleCount: titles.length, sources },
      articles: titles.map((article) => ({ ...article, published: null })),
    }),
  );

// Fewer and shorter alerts per digest than alone: a digest multiplies the work, and its limits bite sooner anyway.
const hostileDigest: fc.Arbitrary<DigestAlert> = fc
  .array(fc.record({ name: hostileText, alerts: fc.array(hostileAlert, { maxLength: 6 }) }), { maxLength: 12 })
  .map((topics) =>
    sampleDigest({ topics: topics.map(({ name, alerts }, index) => ({ topic: { id: `t${index}`, name }, alerts })) }),
  );

type Priority = 1 | 3 | 5;
const priorities = fc.constantFrom(1, 3, 5) as fc.Arbitrary<Priority>;

/** Telegram's parser: only its tags, and every `<` and `&` starts a tag or an entity. */
function isTelegramHtml(text: string): boolean {
  for (const [whole, name = ''] of text.matchAll(/<\/?([^\s>]*)[^>]*>|<|&(?:[a-z]+|#\d+);|&/gi)) {
    if (whole === '<' || whole === '&') return false;
    if (whole.startsWith('<') && !TELEGRAM_TAGS.has(name.toLowerCase())) return false;
  }
  return true;
}

describe('chat formats under hostile feed text', () => {
  it('Telegram: valid HTML of allowed tags within 4096 characters', () => {
    fc.assert(
      fc.property(hostileAlert, (alert) => expectTelegramValid(renderTelegramHtml(alert, NO_TEMPLATES))),
      { numRuns: 150 },
    );
  });

  it('Discord: within every embed limit, no mentions allowed, no masked link from the feed', () => {
    fc.assert(
      fc.property(hostileAlert, (alert) => {
        const body = JSON.parse(buildDiscordBody(alert, NO_TEMPLATES)) as {
          allowed_mentions: { parse: unknown[] };
          embeds: Array<{ title: string; description?: string; fields: Array<{ name: string; value: string }>; footer: { text: string }; url?: string }>;
        };
        expect(body.allowed_mentions).toEqual({ parse: [] });
        expect(body.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
        const [embed] = body.embeds;
        const { title, description = '', fields, footer } = embed!;
        expect(title.length).toBeGreaterThan(0);
        expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
        for (const field of fields) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
        const total = [title, description, footer.text, ...fields.flatMap((f) => [f.name, f.value])].join('').length;
        expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
        // Every link target in the description is ours: http(s), right after an unescaped "](".
        for (const [, target = ''] of description.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(target).toMatch(/^https?:\/\//);
        if (embed!.url !== undefined) expect(embed!.url).toMatch(/^https?:\/\//);
      }),
      { numRuns: 150 },
    );
  });

  it('Slack: every "<" in mrkdwn opens one of our http(s) links; header within 150', () => {
    fc.assert(
      fc.property(hostileAlert, (alert) => expectSlackValid(buildSlackBody(alert, NO_TEMPLATES))),
      { numRuns: 150 },
    );
  });

  it('ntfy: one-line printable ASCII headers and a body within 4096 bytes', () => {
    fc.assert(
      fc.property(hostileAlert, priorities, (alert, priority) =>
        expectNtfyValid(buildNtfyMessage(alert, NO_TEMPLATES, priority), priority),
      ),
      { numRuns: 150 },
    );
  });
});

describe('chat digest formats under hostile feed text', () => {
  it('Telegram: valid HTML of allowed tags within 4096 characters', () => {
    fc.assert(
      fc.property(hostileDigest, (digest) => expectTelegramValid(renderTelegramDigestHtml(digest))),
      { numRuns: 60 },
    );
  });

  it('Discord: at most 10 embeds within every limit together, no mentions, no masked link from the feed', () => {
    fc.assert(
      fc.property(hostileDigest, (digest) => {
        const body = JSON.parse(buildDiscordDigestBody(digest)) as {
          allowed_mentions: { parse: unknown[] };
          content: string;
          embeds: Array<{ title: string; description: string }>;
        };
        expect(body.allowed_mentions).toEqual({ parse: [] });
        expect(body.content.length).toBeLessThanOrEqual(2000);
        expect(body.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
        for (const { title, description } of body.embeds) {
          expect(title.length).toBeGreaterThan(0);
          expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
          expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
          for (const [, target = ''] of description.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(target).toMatch(/^https?:\/\//);
        }
        const total = body.embeds.reduce((sum, embed) => sum + embed.title.length + embed.description.length, 0);
        expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      }),
      { numRuns: 60 },
    );
  });

  it('Slack: at most 50 blocks, every "<" in mrkdwn opens one of our http(s) links', () => {
    fc.assert(
      fc.property(hostileDigest, (digest) => expectSlackValid(buildSlackDigestBody(digest))),
      { numRuns: 60 },
    );
  });

  it('ntfy: one-line printable ASCII headers and a body within 4096 bytes', () => {
    fc.assert(
      fc.property(hostileDigest, priorities, (digest, priority) => expectNtfyValid(buildNtfyDigestMessage(digest, priority), priority)),
      { numRuns: 60 },
    );
  });
});

/** Telegram's checks: within 4096 characters, HTML its parser accepts. */
function expectTelegramValid(text: string): void {
  expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
  expect(isTelegramHtml(text)).toBe(true);
}

/** Slack's checks: 50 blocks, a header within 150, mrkdwn within 3000 whose only `<` open our http(s) links. */
function expectSlackValid(json: string): void {
  const body = JSON.parse(json) as {
    text: string;
    blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ type: string; text: string }> }>;
  };
  expect(body.blocks.length).toBeLessThanOrEqual(50);
  expect(body.blocks[0]!.text!.text.length).toBeLessThanOrEqual(150);
  const mrkdwn = [body.text, ...body.blocks.flatMap((b) => [b.text, ...(b.elements ?? [])]).filter((t) => t?.type === 'mrkdwn').map((t) => t!.text)];
  for (const text of mrkdwn) {
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).not.toMatch(/<(?!https?:\/\/[^|>\s]*\|)/);
  }
}

/** ntfy's checks: printable ASCII headers, at least the configured priority, a body within 4096 bytes. */
function expectNtfyValid({ headers, body }: HttpMessage, priority: Priority): void {
  for (const value of Object.values(headers)) expect(value).toMatch(/^[\x20-\x7e]*$/);
  expect(Number(headers.priority)).toBeGreaterThanOrEqual(priority);
  expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(NTFY_MAX_BODY_BYTES);
}
