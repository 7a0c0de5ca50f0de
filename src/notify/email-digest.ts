/**
 * The email a digest becomes: one subject, a plain-text and an HTML alternative, grouped by topic.
 * Rules owned here: the subject is `[newswatch] Digest: N stories in M topics (period)`, one line, at most 200
 * characters, with no feed text in it; every story is shown (email has no size limit worth cutting for), in the
 * digest's order, a story with a new entity headed `New: <names> — <headline>`; every feed value in the HTML is
 * escaped and only http/https URLs are links. Templates do not apply: a digest always uses this layout.
 */
import type { DigestAlert } from '../types.js';
import { summaryLines } from './alert-view.js';
import type { ArticleView } from './alert-view.js';
import { countOf, viewDigest } from './digest-view.js';
import type { DigestStory, DigestTopic, DigestView } from './digest-view.js';
import { htmlDocument, MAX_SUBJECT_CHARS } from './email-message.js';
import type { EmailContent } from './email-message.js';
import { escapeHtml, toOneLine, truncate } from './sanitize.js';

function topicHeading(topic: DigestTopic): string {
  return `${topic.name} · ${countOf(topic.total, 'story', 'stories')}`;
}

function articleMeta(article: ArticleView): string {
  return [article.source, article.published ?? ''].filter((part) => part !== '').join(' · ');
}

function storyText(story: DigestStory, index: number): string[] {
  const lines = [`${index + 1}. ${story.heading}`, ...summaryLines(story.view).map((line) => `   ${line}`)];
  for (const article of story.view.articles) {
    const meta = articleMeta(article);
    lines.push(`   - ${article.title}${meta ? ` (${meta})` : ''}`);
    if (article.urlText) lines.push(`     ${article.urlText}`);
  }
  return lines;
}

function renderText(view: DigestView): string {
  const lines = [view.title, `Period: ${view.period}`];
  for (const topic of view.topics) {
    lines.push('', `== ${topicHeading(topic)} ==`);
    topic.stories.forEach((story, index) => lines.push('', ...storyText(story, index)));
  }
  return `${lines.join('\n')}\n`;
}

function linked(text: string, url: string | null): string {
  return url === null ? escapeHtml(text) : `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
}

function storyHtml(story: DigestStory): string {
  const articles = story.view.articles.map((article) => {
    const meta = articleMeta(article);
    const shownUrl = article.url === null && article.urlText ? ` · ${escapeHtml(article.urlText)}` : '';
    return `<li>${linked(article.title, article.url)}${meta ? ` · ${escapeHtml(meta)}` : ''}${shownUrl}</li>`;
  });
  return [
    '<li style="margin:0 0 16px">',
    `<strong>${linked(story.heading, story.view.link)}</strong>`,
    `<p style="margin:4px 0;color:#555">${summaryLines(story.view).map(escapeHtml).join('<br>')}</p>`,
    articles.length > 0 ? `<ul style="margin:0;padding-left:20px">${articles.join('')}</ul>` : '',
    '</li>',
  ].join('');
}

function renderHtml(view: DigestView): string {
  const sections = view.topics.map(
    (topic) =>
      `<h3>${escapeHtml(topicHeading(topic))}</h3>\n<ol style="padding-left:20px">${topic.stories.map(storyHtml).join('')}</ol>`,
  );
  return htmlDocument(
    [`<h2>${escapeHtml(view.title)}</h2>`, `<p style="color:#555">${escapeHtml(view.period)}</p>`, ...sections].join('\n'),
  );
}

/** Renders a digest as a one-line subject, a plain-text body and an escaped HTML body. */
export function renderDigestEmail(digest: DigestAlert): EmailContent {
  const view = viewDigest(digest);
  const subject = truncate(toOneLine(`[newswatch] ${view.title} (${view.period})`), MAX_SUBJECT_CHARS);
  return { subject, text: renderText(view), html: renderHtml(view) };
}
