/** Slack, Discord, Telegram and ntfy notifiers sending alerts to the fake services of chat-services.ts. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/types.js';
import { BOT_TOKEN, NO_TEMPLATES, NTFY_TOKEN, sampleAlert, sampleArticle } from '../../unit/notify/samples.js';
import {
  decodeWord,
  DISCORD_PATH,
  failure,
  HOSTILE,
  json,
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
const { notifier, slack, discord, telegram, ntfy, only, onlyPost } = chat;

function hostileAlert(): Alert {
  return sampleAlert({
    articles: [
      sampleArticle({ title: HOSTILE, snippet: `${HOSTILE}\n> quoted` }),
      sampleArticle({ title: 'Second', url: 'javascript:alert(3)' }),
    ],
    entities: [{ code: 'KZ', name: '<b>Kazakhstan</b> @here', primary: true, new: true }],
  });
}

function manyArticles(count: number, size: number): Alert {
  return sampleAlert({
    articles: Array.from({ length: count }, (_, i) =>
      sampleArticle({ title: `${i} ${'t'.repeat(size)}`, snippet: '😀&<'.repeat(size), url: `https://n.example/${i}?q=(x)|y` }),
    ),
    story: { id: 's', firstSeen: '2025-11-06T18:00:00.000Z', articleCount: count, sources: Array.from({ length: 300 }, (_, i) => `Source ${i}`) },
  });
}


describe('slack notifier', () => {
  it('POSTs JSON with a text fallback and header, context and section blocks to the webhook path', async () => {
    await slack().send(sampleAlert(), {});
    const request = onlyPost(SLACK_PATH);
    expect(request.headers['user-agent']).toBe('newswatch-test/1.0');
    const body = JSON.parse(request.body) as Required<SlackBody>;
    expect(body.text).toBe(
      'Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords <https://news.example.org/a?id=1&x=2|open>',
    );
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'context', 'section']);
    expect(body.blocks[0]!.text!.text).toBe('Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords');
    expect(body.blocks[2]!.text!.text).toContain('*<https://news.example.org/a?id=1&x=2|Kazakhstan joins the Abraham Accords>*');
  });

  it('escapes feed text so it cannot mention a channel or add markup', async () => {
    await slack().send(hostileAlert(), {});
    const body = JSON.parse(only().body) as SlackBody;
    // plain_text (the header) is never parsed for mentions or links; mrkdwn is, so there it must be escaped.
    const mrkdwn = [body.text, ...mrkdwnTexts(body)].join('\n');
    expect(mrkdwn).not.toMatch(/<!channel>|<script|<b>/);
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).toContain('&lt;script&gt;');
    expect(mrkdwn).not.toContain('javascript:alert(3)|');
    // Our quote marker starts the snippet; the feed's "> quoted" stays escaped.
    expect(mrkdwn).toContain('\n>&gt; quoted');
  });

  it('stays within Slack block limits for a huge alert', async () => {
    await expect(slack().send(manyArticles(80, 2_000), {})).resolves.toBeUndefined();
  });

  it('passes on Retry-After from a 429', async () => {
    chat.peer.route(SLACK_PATH, (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end('rate_limited'));
    const error = await failure(slack().send(sampleAlert(), {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBe(30);
  });

  it('reports what Slack said for a permanent failure', async () => {
    chat.peer.route(SLACK_PATH, (_req, res) => res.writeHead(404).end('no_service'));
    const error = await failure(slack().send(sampleAlert(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('slack rejected the alert with 404: no_service');
  });
});

describe('discord notifier', () => {
  it('POSTs one embed with no mentions allowed to the webhook path', async () => {
    await discord().send(sampleAlert(), {});
    const request = onlyPost(DISCORD_PATH);
    const body = JSON.parse(request.body) as { allowed_mentions: unknown; embeds: DiscordEmbed[] };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds;
    expect(embed!.title).toBe('Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords');
    expect(embed!.url).toBe('https://news.example.org/a?id=1&x=2');
    expect(embed!.timestamp).toBe('2025-11-06T18:00:00.000Z');
    expect(embed!.footer).toEqual({ text: 'newswatch · Abraham Accords membership' });
    expect(embed!.fields).toEqual([
      { name: 'New', value: 'Kazakhstan', inline: true },
      { name: 'Entities', value: 'Kazakhstan \\(new\\), Israel, United States', inline: true },
      { name: 'Sources', value: 'The National, Fox News, Reuters', inline: true },
      { name: 'Articles', value: '3', inline: true },
    ]);
    expect(embed!.description).toContain('[**Kazakhstan joins the Abraham Accords**](https://news.example.org/a?id=1&x=2)');
  });

  it('neutralises @everyone, markdown and masked links from a feed', async () => {
    await discord().send(hostileAlert(), {});
    const body = JSON.parse(only().body) as { allowed_mentions: { parse: unknown[] }; embeds: DiscordEmbed[] };
    expect(body.allowed_mentions.parse).toEqual([]);
    const { title = '', description = '' } = body.embeds[0]!;
    expect(title).toContain('\\*\\*bold\\*\\* \\[x\\]\\(javascript:alert\\(2\\)\\)');
    expect(description).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(description).not.toContain('<!channel>');
    expect(description).toContain('\\# head');
  });

  it('stays within every Discord limit for a huge alert', async () => {
    await expect(discord().send(manyArticles(200, 3_000), {})).resolves.toBeUndefined();
    const embed = (JSON.parse(only().body) as { embeds: DiscordEmbed[] }).embeds[0]!;
    expect(embed.description).toMatch(/…and \d+ more$/);
  });

  it('waits as long as Discord asks after a 429', async () => {
    chat.peer.route(DISCORD_PATH, (_req, res) => json(res, 429, { message: 'You are being rate limited.', retry_after: 1.5, global: false }));
    const error = await failure(discord().send(sampleAlert(), {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBe(2);
  });

  it('does not follow a redirect', async () => {
    chat.peer.route(DISCORD_PATH, (_req, res) => res.writeHead(301, { location: `${chat.peer.url}/elsewhere` }).end());
    const error = await failure(discord().send(sampleAlert(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/redirects are not followed/);
    expect(chat.peer.requests).toHaveLength(1);
  });
});

describe('telegram notifier', () => {
  it('calls sendMessage on the bot path with HTML, link previews off', async () => {
    await telegram().send(sampleAlert(), {});
    const request = onlyPost(TELEGRAM_PATH);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      chat_id: '-1001234567890',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(body.text).toBe(
      [
        '<b>Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords</b>',
        'New: Kazakhstan',
        'Entities: Kazakhstan (new), Israel, United States',
        'Story: 3 articles since 2025-11-06T18:00:00.000Z',
        'Sources: The National, Fox News, Reuters',
        '',
        '<a href="https://news.example.org/a?id=1&amp;x=2">Kazakhstan joins the Abraham Accords</a>',
        '<i>The National · 2025-11-06T18:00:00.000Z</i>',
        'Kazakhstan will join the Abraham Accords, the White House said.',
      ].join('\n'),
    );
  });

  it('escapes feed HTML so Telegram accepts the message and shows it as text', async () => {
    await telegram().send(hostileAlert(), {});
    const { text } = JSON.parse(only().body) as { text: string };
    expect(telegramHtmlProblem(text)).toBeNull();
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('&lt;b&gt;Kazakhstan&lt;/b&gt; @here');
    expect(text).not.toContain('href="javascript:');
  });

  it('keeps a huge alert within 4096 characters of valid HTML', async () => {
    await expect(telegram().send(manyArticles(100, 1_000), {})).resolves.toBeUndefined();
  });

  it('keeps a templated body within the limit by leaving out articles, not by cutting markup', async () => {
    const templated = notifier({
      id: 't',
      type: 'telegram',
      botToken: BOT_TOKEN,
      chatId: '-1001234567890',
      apiUrl: chat.peer.url,
      title: '{{topic.name}}',
      body: '{{#articles}}<a href="{{url}}">{{title}}</a>\n<blockquote>{{snippet}}</blockquote>\n{{/articles}}',
    });
    await expect(templated.send(manyArticles(40, 100), {})).resolves.toBeUndefined();
    const { text } = JSON.parse(only().body) as { text: string };
    expect(text.startsWith('<b>Abraham Accords membership</b>\n<a href="https://n.example/0?q=(x)|y">0 ')).toBe(true);
    expect(text.split('<blockquote>').length - 1).toBe(text.split('</blockquote>').length - 1);
    expect(text).not.toContain('https://n.example/39');
  });

  it('retries a 429 no sooner than parameters.retry_after', async () => {
    chat.peer.route(TELEGRAM_PATH, (_req, res) =>
      json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }),
    );
    const error = await failure(telegram().send(sampleAlert(), {}));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterSec).toBe(7);
    expect(error.message).toBe('telegram answered 429: Too Many Requests: retry after 7 (retry after 7 s)');
  });

  it('reports a wrong chat as permanent with Telegram\'s description, never the token', async () => {
    const error = await failure(telegram('-42').send(sampleAlert(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('telegram rejected the alert with 400: Bad Request: chat not found');
  });

  it('reports an unknown token path (404) as permanent', async () => {
    const wrong = notifier({ id: 't', type: 'telegram', botToken: '1:wrong', chatId: '-1001234567890', apiUrl: chat.peer.url, ...NO_TEMPLATES });
    const error = await failure(wrong.send(sampleAlert(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain('1:wrong');
  });
});

describe('ntfy notifier', () => {
  it('POSTs the text to the topic URL with Title, Priority, Tags, Click and the bearer token', async () => {
    await ntfy().send(sampleAlert(), {});
    const request = onlyPost(NTFY_PATH, 'text/plain; charset=utf-8');
    expect(request.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
    expect(decodeWord(String(request.headers.title))).toBe(
      'Kazakhstan — new in Abraham Accords membership: Kazakhstan joins the Abraham Accords',
    );
    expect(request.headers.priority).toBe('4');
    expect(request.headers.tags).toBe('newspaper,new');
    expect(request.headers.click).toBe('https://news.example.org/a?id=1&x=2');
    expect(request.body).toContain('Entities: Kazakhstan (new), Israel, United States\n');
    expect(request.body).toContain('Kazakhstan joins the Abraham Accords\nThe National · 2025-11-06T18:00:00.000Z\n');
  });

  it('sends the configured priority and no Click when nothing is new and nothing links', async () => {
    const alert = sampleAlert({ entities: [], update: true, articles: [sampleArticle({ url: 'javascript:alert(1)' })] });
    await ntfy().send(alert, {});
    const { headers } = only();
    expect(headers.priority).toBe('3');
    expect(headers.tags).toBe('newspaper,repeat');
    expect(headers.click).toBeUndefined();
    expect(decodeWord(String(headers.title))).toBe('Update: Abraham Accords membership: Kazakhstan joins the Abraham Accords');
  });

  it('keeps a CR/LF title from adding a header', async () => {
    await ntfy().send(sampleAlert({ entities: [], articles: [sampleArticle({ title: 'Big\r\nX-Evil: 1\r\nBcc: x' })] }), {});
    const { headers } = only();
    expect(headers['x-evil']).toBeUndefined();
    expect(headers.title).toBe('Abraham Accords membership: Big X-Evil: 1 Bcc: x');
  });

  it('keeps the body within 4096 bytes', async () => {
    await ntfy().send(manyArticles(50, 500), {});
    expect(Buffer.byteLength(only().body, 'utf8')).toBeLessThanOrEqual(4096);
  });

  it('reports a refused token as permanent without showing it', async () => {
    const open = notifier({ id: 'n', type: 'ntfy', url: `${chat.peer.url}${NTFY_PATH}`, token: null, priority: 3, ...NO_TEMPLATES });
    const error = await failure(open.send(sampleAlert(), {}));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('ntfy rejected the alert with 403');
  });
});
