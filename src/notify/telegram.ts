/**
 * Telegram notifier: `sendMessage` of the Bot API with `parse_mode: HTML`, link previews off.
 * Rules owned here: every feed value is HTML-escaped and the markup uses only tags Telegram accepts (a template's
 * own tags are checked when it is built), so a feed cannot make the API refuse the message; the text stays within
 * Telegram's 4096 characters by leaving out whole articles (whole stories in a digest), never by cutting markup; a
 * 429 is retried no sooner than its `parameters.retry_after`; the bot token, which is part of the URL path, never
 * appears in describe() or an error.
 */
import type { TelegramNotifierConfig } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView, ArticleView } from './alert-view.js';
import { countOf, fitDigest, omittedTopicsNote, storyLines, viewDigest } from './digest-view.js';
import type { DigestStory, DigestView } from './digest-view.js';
import type { HttpMessage, ReplyDetail } from './http-delivery.js';
import { parseHttpUrl } from './http-delivery.js';
import { createHttpNotifier } from './http-notifier.js';
import { maskHttpUrl } from './mask.js';
import { invalidConfig } from './notifier-errors.js';
import { escapeHtml, joinWithinLimit, truncate, truncateEscaped } from './sanitize.js';
import { compileTemplates, renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';
import type { NotifierDefinition } from './types.js';

/** Longest message text Telegram accepts. */
export const TELEGRAM_MAX_CHARS = 4096;
/** The HTML tags Telegram's `parse_mode: HTML` accepts; anything else makes it refuse the message. */
export const TELEGRAM_TAGS: ReadonlySet<string> = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre',
  'blockquote',
]);
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]+$/;
const SNIPPET_MAX = 300;

/** The first tag in template text that Telegram would refuse, or null. */
function unsupportedTag(templateText: string): string | null {
  for (const [, name = ''] of templateText.matchAll(/<\/?([A-Za-z][\w-]*)/g)) {
    if (!TELEGRAM_TAGS.has(name.toLowerCase())) return name;
  }
  return null;
}

function articleHtml(article: ArticleView): string {
  const title = escapeHtml(truncate(article.title, 300));
  const lines = [article.url === null ? `<b>${title}</b>` : `<a href="${escapeHtml(article.url)}">${title}</a>`];
  const meta = [article.source, article.published ?? ''].filter((part) => part !== '').join(' · ');
  if (meta) lines.push(`<i>${escapeHtml(meta)}</i>`);
  if (article.snippet) lines.push(escapeHtml(truncate(article.snippet, SNIPPET_MAX)));
  return lines.join('\n');
}

function defaultHtml(view: AlertView, heading: string): string {
  const head = [heading, ...summaryLines(view).map((line) => truncateEscaped(line, 500, escapeHtml))].join('\n');
  return joinWithinLimit([head, ...view.articles.map(articleHtml)], TELEGRAM_MAX_CHARS);
}

/** The template body with as many articles as fit; markup is never cut, so at worst it has none. */
function templateHtml(alert: Alert, templates: MessageTemplates, heading: string): string {
  const body = templates.body;
  if (body === null) return heading;
  for (let count = alert.articles.length; count >= 0; count -= 1) {
    const text = `${heading}\n${body.render({ ...alert, articles: alert.articles.slice(0, count) }, escapeHtml)}`;
    if (text.length <= TELEGRAM_MAX_CHARS) return text;
  }
  return heading;
}

/** The `sendMessage` text of one alert: Telegram HTML within 4096 characters. */
export function renderTelegramHtml(alert: Alert, templates: MessageTemplates): string {
  const view = viewAlert(alert);
  const heading = `<b>${truncateEscaped(renderTitle(templates, alert, view.heading), 512, escapeHtml)}</b>`;
  return templates.body === null ? defaultHtml(view, heading) : templateHtml(alert, templates, heading);
}

function digestStoryHtml(story: DigestStory): string {
  const heading = escapeHtml(truncate(story.heading, 300));
  const link = story.view.link === null ? heading : `<a href="${escapeHtml(story.view.link)}">${heading}</a>`;
  return `• ${link}\n<i>${escapeHtml(story.meta)}</i>`;
}

function digestHtml(view: DigestView): string {
  const blocks = [`<b>${escapeHtml(view.title)}</b>\n<i>${escapeHtml(view.period)}</i>`];
  for (const topic of view.topics) {
    const heading = `<b>${truncateEscaped(topic.name, 256, escapeHtml)}</b> · ${countOf(topic.total, 'story', 'stories')}`;
    blocks.push([heading, ...storyLines(topic, digestStoryHtml)].join('\n'));
  }
  const hidden = omittedTopicsNote(view);
  if (hidden !== null) blocks.push(hidden);
  return blocks.join('\n\n');
}

/** The `sendMessage` text of one digest: Telegram HTML within 4096 characters, whole stories left out to fit. */
export function renderTelegramDigestHtml(digest: DigestAlert): string {
  return fitDigest(viewDigest(digest), digestHtml, (text) => text.length <= TELEGRAM_MAX_CHARS);
}

/** Reads the Bot API's error reply: `description`, and `parameters.retry_after` on a 429. */
function explainTelegram(body: string): ReplyDetail {
  try {
    const reply = JSON.parse(body) as { description?: unknown; parameters?: { retry_after?: unknown } };
    const retryAfter = reply.parameters?.retry_after;
    return {
      ...(typeof reply.description === 'string' ? { detail: reply.description } : {}),
      ...(typeof retryAfter === 'number' && retryAfter >= 0 ? { retryAfterSec: Math.ceil(retryAfter) } : {}),
    };
  } catch {
    return {};
  }
}

/** The `telegram` notifier type. */
export const telegramDefinition: NotifierDefinition<TelegramNotifierConfig> = {
  type: 'telegram',
  create(config, deps) {
    // Checked before it goes into a URL path: a "/" or "?" in it would send the message elsewhere.
    if (!BOT_TOKEN.test(config.botToken)) throw invalidConfig(config.id, 'telegram bot_token is not a bot token');
    if (config.chatId.trim() === '') throw invalidConfig(config.id, 'telegram chat_id is empty');
    const api = parseHttpUrl(config.id, 'telegram api_url', config.apiUrl);
    const templates = compileTemplates(config, (problem) => invalidConfig(config.id, problem));
    const tag = config.body === null ? null : unsupportedTag(config.body);
    if (tag !== null) throw invalidConfig(config.id, `body uses <${tag}>, which Telegram does not accept`);
    const url = new URL(`${api.href.replace(/\/+$/, '')}/bot${config.botToken}/sendMessage`);
    const sendMessage = (text: string): HttpMessage => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: config.chatId, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } }),
    });
    return createHttpNotifier(
      {
        id: config.id,
        type: 'telegram',
        url,
        secrets: [config.botToken],
        description: `telegram ${maskHttpUrl(api.href)} → chat ${config.chatId}`,
        toMessage: (alert) => sendMessage(renderTelegramHtml(alert, templates)),
        toDigestMessage: (digest) => sendMessage(renderTelegramDigestHtml(digest)),
        explain: (reply) => explainTelegram(reply.body),
      },
      deps,
    );
  },
};
