/**
 * Slack notifier: one incoming-webhook POST per alert, Block Kit blocks plus a `text` fallback for notifications.
 * Rules owned here: feed text in mrkdwn has `&`, `<` and `>` escaped (Slack's only control characters, which is
 * also what stops `<!channel>` mentions); link targets are http(s) with `|` encoded; every block stays within
 * Slack's limits (header 150, section 3000, 50 blocks).
 */
import type { SlackNotifierConfig } from '../config/types.js';
import type { Alert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView, ArticleView } from './alert-view.js';
import { chatWebhookDefinition } from './http-notifier.js';
import { truncate, truncateEscaped } from './sanitize.js';
import { renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const CONTEXT_MAX = 2000;
const MAX_ARTICLE_SECTIONS = 10;
const SNIPPET_MAX = 500;

type Block = Record<string, unknown>;

/** Escapes Slack's mrkdwn control characters. */
function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>`; `|` in the URL would end the target early, so it is percent-encoded. */
function link(url: string, label: string): string {
  return `<${url.replace(/\|/g, '%7C')}|${label}>`;
}

function mrkdwn(text: string): Block {
  return { type: 'mrkdwn', text };
}

function articleSection(article: ArticleView): Block {
  const title = escapeMrkdwn(truncate(article.title, 300));
  const lines = [`*${article.url === null ? title : link(article.url, title)}*`];
  const meta = [article.source, article.published ?? ''].filter((part) => part !== '').join(' · ');
  if (meta) lines.push(escapeMrkdwn(meta));
  // Our own quote marker; a `>` from the feed is escaped and cannot start one.
  if (article.snippet) lines.push(`>${escapeMrkdwn(truncate(article.snippet, SNIPPET_MAX)).replace(/\n/g, '\n>')}`);
  return { type: 'section', text: mrkdwn(truncate(lines.join('\n'), SECTION_MAX, 'utf16')) };
}

function defaultBodyBlocks(view: AlertView): Block[] {
  const blocks: Block[] = [];
  const summary = summaryLines(view).map((line) => mrkdwn(truncateEscaped(line, CONTEXT_MAX, escapeMrkdwn)));
  blocks.push({ type: 'context', elements: summary });
  blocks.push(...view.articles.slice(0, MAX_ARTICLE_SECTIONS).map(articleSection));
  const rest = view.articles.length - MAX_ARTICLE_SECTIONS;
  if (rest > 0) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${rest} more`)] });
  return blocks;
}

/** The JSON body Slack's incoming webhook receives for one alert. */
export function buildSlackBody(alert: Alert, templates: MessageTemplates): string {
  const view = viewAlert(alert);
  const heading = renderTitle(templates, alert, view.heading);
  const body =
    templates.body === null
      ? defaultBodyBlocks(view)
      : [{ type: 'section', text: mrkdwn(truncate(templates.body.render(alert, escapeMrkdwn), SECTION_MAX, 'utf16')) }];
  const open = view.link === null ? '' : ` ${link(view.link, 'open')}`;
  return JSON.stringify({
    text: truncateEscaped(heading, SECTION_MAX - open.length, escapeMrkdwn) + open,
    blocks: [{ type: 'header', text: { type: 'plain_text', text: truncate(heading, HEADER_MAX, 'utf16') } }, ...body],
  });
}

/** The `slack` notifier type. */
export const slackDefinition = chatWebhookDefinition<SlackNotifierConfig>('slack', buildSlackBody, (reply) => ({
  detail: reply.body,
}));
