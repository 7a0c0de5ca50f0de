/**
 * Slack, Discord, Telegram and ntfy notifiers sending digests to the fake services of chat-services.ts: one message
 * grouped by topic, new entities first, feed text inert, and each service's limits kept with many stories.
 */
import { describe, expect, it } from 'vitest';
import type { DigestAlert } from '../../../src/types.js';
import { ACCORDS, bigDigest, GULF, sampleDigest, sampleStory } from '../../unit/notify/samples.js';
import {
  decodeWord,
  DISCORD_PATH,
  failure,
  HOSTILE,
  mrkdwnTexts,
  NTFY_PATH,
  SLACK_PATH,
  telegramHtmlProblem,
  TELEGRAM_PATH,
  useChatServices,
  type DiscordEmbed,
  type SlackBody,
} from './chat-services.js';

const chat = useChatServices();
const { slack, discord, telegram, ntfy, onlyPost } = chat;

/** A digest whose story titles, entity names and sources carry markup, mentions and a CR/LF header injection. */
function hostileDigest(): DigestAlert {
  const story = sampleStory({ ...ACCORDS }, 'h', `${HOSTILE}\r\nBcc: evil@x.org`, true);
  story.entities = [{ code: 'XX', name: '<b>Evil</b> @here', primary: true, new: true }];
  story.story.sources = ['<!everyone> Src'];
  return sampleDigest({ topics: [{ topic: { id: 'h', name: `${HOSTILE} topic` }, alerts: [story] }] });
}

const LONG = (topic: number, story: number): string => `T${topic} story ${story} ${'long headline words '.repeat(8)}`;
/** 60 stories across 3 topics, with headlines long enough that no service can show them all. */
const many = (): DigestAlert => bigDigest(3, 20, LONG);

/** Story numbers (`T<topic> story <n>`) in the order they appear, and the "+N more" counts. */
function shownStories(text: string): { stories: string[]; more: number[] } {
  return {
    stories: [...text.matchAll(/T(\d) story (\d+)/g)].map((match) => `${match[1]}-${match[2]}`),
    more: [...text.matchAll(/\+(\d+) more/g)].map((match) => Number(match[1])),
  };
}

/** Every story is either shown once or counted, each topic shows its first (new-entity) stories. */
function expectAllAccountedFor(text: string, total = 60): void {
  const { stories, more } = shownStories(text);
  expect(new Set(stories).size).toBe(stories.length);
  expect(stories.length + more.reduce((sum, n) => sum + n, 0)).toBe(total);
  expect(more.length).toBeGreaterThan(0);
  for (const topic of ['0', '1', '2']) expect(stories).toEqual(expect.arrayContaining([`${topic}-0`, `${topic}-1`]));
}

describe('slack digest', () => {
  it('POSTs one message: a header, the period, then a section per topic and per story in digest order', async () => {
    await slack().sendDigest(sampleDigest(), {});
    const body = JSON.parse(onlyPost(SLACK_PATH).body) as Required<SlackBody>;
    expect(body.text).toBe('Digest: 3 stories in 2 topics (2025-11-06 08:00–09:00 UTC)');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Digest: 3 stories in 2 topics' } });
    expect(mrkdwnTexts(body).map((text) => text.split('\n')[0])).toEqual([
      '2025-11-06 08:00–09:00 UTC',
      '*Abraham Accords membership* · 2 stories',
      '*<https://news.example.org/a?id=1&x=2|New: Kazakhstan — Kazakhstan joins the Abraham Accords>*',
      '*<https://news.example.org/2|Update: Israel and Saudi Arabia resume talks>*',
      '*Gulf diplomacy* · 1 story',
      '*<https://news.example.org/3|Qatar hosts Gulf summit>*',
    ]);
    expect(mrkdwnTexts(body)[2]).toContain('\n3 articles · Kazakhstan (new), Israel, United States · The National, Fox News, Reuters');
  });

  it('escapes feed text so it cannot mention a channel or add markup', async () => {
    await slack().sendDigest(hostileDigest(), {});
    const body = JSON.parse(onlyPost(SLACK_PATH).body) as SlackBody;
    const mrkdwn = mrkdwnTexts(body).join('\n');
    expect(mrkdwn).not.toMatch(/<!channel>|<!everyone>|<script|<b>/);
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).toContain('&lt;b&gt;Evil&lt;/b&gt; @here (new)');
  });

  it('keeps 60 stories in 3 topics within 50 blocks, counting the rest as "+N more" per topic', async () => {
    await expect(slack().sendDigest(many(), {})).resolves.toBeUndefined();
    const body = JSON.parse(onlyPost(SLACK_PATH).body) as Required<SlackBody>;
    expect(body.blocks).toHaveLength(50);
    expectAllAccountedFor(mrkdwnTexts(body).join('\n'));
  });

  it('reports a refused digest as permanent, named as a digest', async () => {
    chat.peer.route(SLACK_PATH, (_req, res) => res.writeHead(404).end('no_service'));
    const error = await failure(slack().sendDigest(sampleDigest(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('slack rejected the digest with 404: no_service');
  });
});

describe('discord digest', () => {
  it('POSTs one embed per topic in config order, the new-entity story first, no mentions allowed', async () => {
    await discord().sendDigest(sampleDigest(), {});
    const body = JSON.parse(onlyPost(DISCORD_PATH).body) as { allowed_mentions: unknown; content: string; embeds: DiscordEmbed[] };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBe('**Digest: 3 stories in 2 topics** · 2025\\-11\\-06 08:00–09:00 UTC');
    expect(body.embeds.map((embed) => embed.title)).toEqual(['Abraham Accords membership · 2 stories', 'Gulf diplomacy · 1 story']);
    expect(body.embeds[0]!.description!.split('\n\n')).toEqual([
      '[**New: Kazakhstan — Kazakhstan joins the Abraham Accords**](https://news.example.org/a?id=1&x=2)\n' +
        '3 articles · Kazakhstan \\(new\\), Israel, United States · The National, Fox News, Reuters',
      '[**Update: Israel and Saudi Arabia resume talks**](https://news.example.org/2)\n1 article · Israel · Reuters',
    ]);
  });

  it('neutralises @everyone, markdown and masked links from a feed', async () => {
    await discord().sendDigest(hostileDigest(), {});
    const body = JSON.parse(onlyPost(DISCORD_PATH).body) as { allowed_mentions: { parse: unknown[] }; embeds: DiscordEmbed[] };
    expect(body.allowed_mentions.parse).toEqual([]);
    const { title = '', description = '' } = body.embeds[0]!;
    expect(title).toContain('\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(2\\)\\)');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(description).toContain('\\<!everyone\\> Src');
  });

  it('keeps 60 stories in 3 topics within 6000 characters of embeds, counting the rest', async () => {
    await expect(discord().sendDigest(many(), {})).resolves.toBeUndefined();
    const { embeds } = JSON.parse(onlyPost(DISCORD_PATH).body) as { embeds: DiscordEmbed[] };
    expect(embeds).toHaveLength(3);
    expectAllAccountedFor(embeds.map((embed) => embed.description).join('\n'));
  });

  it('sends at most 10 embeds and counts the topics left out', async () => {
    await expect(discord().sendDigest(bigDigest(12, 2), {})).resolves.toBeUndefined();
    const body = JSON.parse(onlyPost(DISCORD_PATH).body) as { content: string; embeds: DiscordEmbed[] };
    expect(body.embeds).toHaveLength(10);
    expect(body.content).toContain('+4 stories in 2 more topics');
  });
});

describe('telegram digest', () => {
  it('sends one HTML message grouped by topic, new-entity story first', async () => {
    await telegram().sendDigest(sampleDigest(), {});
    const body = JSON.parse(onlyPost(TELEGRAM_PATH).body) as Record<string, unknown>;
    expect(body).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    expect(body.text).toBe(
      [
        '<b>Digest: 3 stories in 2 topics</b>',
        '<i>2025-11-06 08:00–09:00 UTC</i>',
        '',
        '<b>Abraham Accords membership</b> · 2 stories',
        '• <a href="https://news.example.org/a?id=1&amp;x=2">New: Kazakhstan — Kazakhstan joins the Abraham Accords</a>',
        '<i>3 articles · Kazakhstan (new), Israel, United States · The National, Fox News, Reuters</i>',
        '• <a href="https://news.example.org/2">Update: Israel and Saudi Arabia resume talks</a>',
        '<i>1 article · Israel · Reuters</i>',
        '',
        '<b>Gulf diplomacy</b> · 1 story',
        '• <a href="https://news.example.org/3">Qatar hosts Gulf summit</a>',
        '<i>1 article · Israel · Reuters</i>',
      ].join('\n'),
    );
  });

  it('escapes feed HTML so Telegram accepts the message and shows it as text', async () => {
    await telegram().sendDigest(hostileDigest(), {});
    const { text } = JSON.parse(onlyPost(TELEGRAM_PATH).body) as { text: string };
    expect(telegramHtmlProblem(text)).toBeNull();
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('&lt;b&gt;Evil&lt;/b&gt; @here (new)');
  });

  it('keeps 60 stories within 4096 characters by leaving out whole stories, counted per topic', async () => {
    await expect(telegram().sendDigest(many(), {})).resolves.toBeUndefined();
    const { text } = JSON.parse(onlyPost(TELEGRAM_PATH).body) as { text: string };
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.split('<a ').length).toBe(text.split('</a>').length);
    expectAllAccountedFor(text);
  });
});

describe('ntfy digest', () => {
  it('POSTs the digest as text with Title, high Priority for a new entity and Click to the first story', async () => {
    await ntfy().sendDigest(sampleDigest(), {});
    const request = onlyPost(NTFY_PATH, 'text/plain; charset=utf-8');
    expect(decodeWord(String(request.headers.title))).toBe('Digest: 3 stories');
    expect(request.headers.priority).toBe('4');
    expect(request.headers.tags).toBe('newspaper,new');
    expect(request.headers.click).toBe('https://news.example.org/a?id=1&x=2');
    expect(request.body.split('\n\n').map((block) => block.split('\n')[0])).toEqual([
      'Digest: 3 stories in 2 topics · 2025-11-06 08:00–09:00 UTC',
      'Abraham Accords membership · 2 stories',
      'Gulf diplomacy · 1 story',
    ]);
    expect(request.body).toContain('• New: Kazakhstan — Kazakhstan joins the Abraham Accords\n  3 articles');
  });

  it('sends the configured priority when nothing is new', async () => {
    const quiet = sampleDigest({ topics: [{ topic: { ...GULF }, alerts: [sampleStory({ ...GULF }, '3', 'Qatar hosts Gulf summit')] }] });
    await ntfy().sendDigest(quiet, {});
    const { headers } = onlyPost(NTFY_PATH, 'text/plain; charset=utf-8');
    expect(headers.priority).toBe('3');
    expect(headers.tags).toBe('newspaper');
    expect(headers.click).toBe('https://news.example.org/3');
  });

  it('keeps a CR/LF feed title in the body, out of the headers', async () => {
    await ntfy().sendDigest(hostileDigest(), {});
    const { headers, body } = onlyPost(NTFY_PATH, 'text/plain; charset=utf-8');
    expect(headers.bcc).toBeUndefined();
    expect(body).toContain('head Bcc: evil@x.org\n');
  });

  it('keeps 60 stories within 4096 bytes by leaving out whole stories', async () => {
    await ntfy().sendDigest(many(), {});
    const { body } = onlyPost(NTFY_PATH, 'text/plain; charset=utf-8');
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(4096);
    expectAllAccountedFor(body);
  });

  it('retries a 503 no sooner than its Retry-After', async () => {
    chat.peer.route(NTFY_PATH, (_req, res) => res.writeHead(503, { 'retry-after': '5' }).end());
    const error = await failure(ntfy().sendDigest(sampleDigest(), {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBe(5);
  });
});
