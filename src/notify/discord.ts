/**
 * Discord notifier: one channel-webhook POST per alert with a single embed, or per digest with an embed per topic.
 * Rules owned here: `allowed_mentions: {parse: []}` so no text can ping @everyone, a role or a user; feed text has
 * Discord's markdown characters backslash-escaped (no masked links, headers or quotes from a feed); link targets
 * are http(s) with parentheses encoded; embeds stay within Discord's limits (title 256, description 4096,
 * 25 fields of 1024, footer 2048, 6000 in all embeds of a message, 10 embeds).
 */
import type { DiscordNotifierConfig } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';
import { viewAlert } from './alert-view.js';
import type { ArticleView } from './alert-view.js';
import { countOf, fitDigest, omittedTopicsNote, storyLines, viewDigest } from './digest-view.js';
import type { DigestStory, DigestView } from './digest-view.js';
import type { ReplyDetail } from './http-delivery.js';
import { chatWebhookDefinition } from './http-notifier.js';
import { joinWithinLimit, measure, truncate, truncateEscaped } from './sanitize.js';
import { renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';

/** Discord's documented embed limits (UTF-16 units, counted conservatively). */
export const DISCORD_LIMITS = Object.freeze({
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embeds: 10,
});
const SNIPPET_MAX = 300;
// Below Discord's 1024 and 2048, so title, fields and footer always leave most of the 6000 to the description.
const FIELD_VALUE_MAX = 512;
const FOOTER_MAX = 256;

interface EmbedField {
  name: string;
  value: string;
  inline: boolean;
}

/** Backslash-escapes Discord markdown, mention and masked-link characters. */
function escapeDiscord(value: string): string {
  return value.replace(/[\\*_~`|<>#[\]()-]/g, '\\$&');
}

/** `[label](url)` with the URL's parentheses encoded, so it cannot end the link early. */
function maskedLink(label: string, url: string): string {
  return `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

function articleLines(article: ArticleView): string {
  const title = `**${escapeDiscord(truncate(article.title, 200))}**`;
  const lines = [article.url === null ? title : maskedLink(title, article.url)];
  const meta = [article.source, article.published ?? ''].filter((part) => part !== '').join(' · ');
  if (meta) lines.push(escapeDiscord(meta));
  if (article.snippet) lines.push(escapeDiscord(truncate(article.snippet.replace(/\n+/g, ' '), SNIPPET_MAX)));
  return lines.join('\n');
}

function field(name: string, value: string): EmbedField {
  return { name, value: truncateEscaped(value, FIELD_VALUE_MAX, escapeDiscord), inline: true };
}

function timestampOf(alert: Alert): string | undefined {
  const at = Date.parse(alert.story.firstSeen) || Date.parse(alert.createdAt);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** The JSON body Discord's webhook receives for one alert. */
export function buildDiscordBody(alert: Alert, templates: MessageTemplates): string {
  const view = viewAlert(alert);
  const title = truncateEscaped(renderTitle(templates, alert, view.heading), DISCORD_LIMITS.title, escapeDiscord);
  const fields: EmbedField[] = [];
  if (view.newEntities.length > 0) fields.push(field('New', view.newEntities.join(', ')));
  if (view.entityLabels.length > 0) fields.push(field('Entities', view.entityLabels.join(', ')));
  if (view.sources.length > 0) fields.push(field('Sources', view.sources.join(', ')));
  fields.push(field('Articles', String(view.articleCount)));
  const footer = truncate(`newswatch · ${view.topic}`, FOOTER_MAX, 'utf16');
  const used = [title, footer, ...fields.flatMap((f) => [f.name, f.value])].reduce((n, s) => n + measure(s, 'utf16'), 0);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - used);
  const description =
    templates.body === null
      ? joinWithinLimit(view.articles.map(articleLines), room)
      : truncate(templates.body.render(alert, escapeDiscord), room, 'utf16');
  const timestamp = timestampOf(alert);
  return JSON.stringify({
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        ...(view.link === null ? {} : { url: view.link }),
        ...(description === '' ? {} : { description }),
        fields: fields.slice(0, DISCORD_LIMITS.fields),
        ...(timestamp === undefined ? {} : { timestamp }),
        footer: { text: footer },
      },
    ],
  });
}

function explainDiscord(body: string): ReplyDetail {
  try {
    const reply = JSON.parse(body) as { message?: unknown; retry_after?: unknown };
    return {
      ...(typeof reply.message === 'string' ? { detail: reply.message } : {}),
      ...(typeof reply.retry_after === 'number' ? { retryAfterSec: Math.ceil(reply.retry_after) } : {}),
    };
  } catch {
    return {};
  }
}

interface DigestBody {
  allowed_mentions: { parse: never[] };
  content: string;
  embeds: Array<{ title: string; description: string }>;
}

function digestStoryLines(story: DigestStory): string {
  const heading = `**${escapeDiscord(truncate(story.heading, 200))}**`;
  return `${story.view.link === null ? heading : maskedLink(heading, story.view.link)}\n${escapeDiscord(story.meta)}`;
}

function digestBody(view: DigestView): DigestBody {
  const hidden = omittedTopicsNote(view);
  return {
    allowed_mentions: { parse: [] },
    content: `**${escapeDiscord(view.title)}** · ${escapeDiscord(view.period)}${hidden === null ? '' : `\n${hidden}`}`,
    embeds: view.topics.map((topic) => ({
      title: truncateEscaped(`${topic.name} · ${countOf(topic.total, 'story', 'stories')}`, DISCORD_LIMITS.title, escapeDiscord),
      description: storyLines(topic, digestStoryLines).join('\n\n'),
    })),
  };
}

function withinDiscordLimits(body: DigestBody): boolean {
  const total = body.embeds.reduce((sum, embed) => sum + measure(embed.title, 'utf16') + measure(embed.description, 'utf16'), 0);
  return (
    body.embeds.length <= DISCORD_LIMITS.embeds &&
    total <= DISCORD_LIMITS.embedTotal &&
    body.embeds.every((embed) => measure(embed.description, 'utf16') <= DISCORD_LIMITS.description)
  );
}

/** The JSON body Discord's webhook receives for one digest: an embed per topic, within every limit. */
export function buildDiscordDigestBody(digest: DigestAlert): string {
  return JSON.stringify(fitDigest(viewDigest(digest), digestBody, withinDiscordLimits));
}

/** The `discord` notifier type. */
export const discordDefinition = chatWebhookDefinition<DiscordNotifierConfig>(
  'discord',
  { alert: buildDiscordBody, digest: buildDiscordDigestBody },
  (reply) => explainDiscord(reply.body),
);
