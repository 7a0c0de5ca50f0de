/**
 * Slack notifier: one incoming-webhook POST per alert or digest, Block Kit blocks plus a `text` fallback for
 * notifications. Rules owned here: feed text in mrkdwn has `&`, `<` and `>` escaped (Slack's only control
 * characters, which is also what stops `<!channel>` mentions); link targets are http(s) with `|` encoded; every
 * block stays within Slack's limits (header 150, section 3000, 50 blocks); a digest is a section per topic and per
 * story, and what does not fit in 50 blocks is counted as "+N more".
 */
import type { SlackNotifierConfig } from '../config/types.js';
import type { Alert, DigestAlert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView, ArticleView } from './alert-view.js';
import { countOf, fitDigest, omittedTopicsNote, viewDigest } from './digest-view.js';
import type { DigestStory, DigestView } from './digest-view.js';
import { chatWebhookDefinition } from './http-notifier.js';
import { truncate, truncateEscaped } from './sanitize.js';
import { renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';

const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const CONTEXT_MAX = 2000;
const MAX_ARTICLE_SECTIONS = 10;
const SNIPPET_MAX = 500;
const MAX_BLOCKS = 50;

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

function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(text)] };
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
  if (rest > 0) blocks.push(context(`…and ${rest} more`));
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

function digestStorySection(story: DigestStory): Block {
  const heading = escapeMrkdwn(truncate(story.heading, 300));
  const first = `*${story.view.link === null ? heading : link(story.view.link, heading)}*`;
  const meta = truncateEscaped(story.meta, SECTION_MAX - first.length - 1, escapeMrkdwn);
  return { type: 'section', text: mrkdwn(truncate(meta ? `${first}\n${meta}` : first, SECTION_MAX, 'utf16')) };
}

function digestBlocks(view: DigestView): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(view.title, HEADER_MAX, 'utf16') } },
    context(escapeMrkdwn(view.period)),
  ];
  for (const topic of view.topics) {
    const name = escapeMrkdwn(truncate(topic.name, 200));
    blocks.push({ type: 'section', text: mrkdwn(`*${name}* · ${countOf(topic.total, 'story', 'stories')}`) });
    blocks.push(...topic.stories.map(digestStorySection));
    if (topic.omitted > 0) blocks.push(context(`+${topic.omitted} more`));
  }
  const hidden = omittedTopicsNote(view);
  if (hidden !== null) blocks.push(context(hidden));
  return blocks;
}

/** The JSON body Slack's incoming webhook receives for one digest: at most 50 blocks. */
export function buildSlackDigestBody(digest: DigestAlert): string {
  const view = viewDigest(digest);
  const blocks = fitDigest(view, digestBlocks, (candidate) => candidate.length <= MAX_BLOCKS);
  return JSON.stringify({ text: escapeMrkdwn(`${view.title} (${view.period})`), blocks });
}

/** The `slack` notifier type. */
export const slackDefinition = chatWebhookDefinition<SlackNotifierConfig>(
  'slack',
  { alert: buildSlackBody, digest: buildSlackDigestBody },
  (reply) => ({ detail: reply.body }),
);
