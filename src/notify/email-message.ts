/**
 * The email an alert becomes: a subject, a plain-text and an HTML alternative.
 * Rules owned here: the subject is one line without control characters, at most 200 characters, led by the new
 * primary entities; a follow-up (an update with a thread) is `Re: ` + the story's thread title, the same for
 * every follow-up; every feed value in the HTML is escaped and only http/https URLs are links; a `body` template
 * is plain text, and its HTML alternative is that text escaped.
 */
import type { Alert } from '../types.js';
import { summaryLines, viewAlert } from './alert-view.js';
import type { AlertView, ArticleView } from './alert-view.js';
import { escapeHtml, toPlainText, truncate } from './sanitize.js';
import { renderTitle } from './template.js';
import type { MessageTemplates } from './template.js';

/** Longest subject we produce, in characters, `…` included. */
export const MAX_SUBJECT_CHARS = 200;

const NO_TEMPLATES: MessageTemplates = { title: null, body: null };
const asIs = (value: string): string => value;

/** The parts of one alert email. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** True when the alert continues a thread the receiver already has. */
export function isFollowUp(alert: Alert): alert is Alert & { threadId: string } {
  return alert.update && alert.threadId !== null;
}

function renderSubject(alert: Alert, view: AlertView, templates: MessageTemplates): string {
  const reply = isFollowUp(alert) ? 'Re: ' : '';
  if (templates.title !== null) {
    const fallback = `[newswatch] ${reply ? view.threadTitle : view.title}`;
    return reply + truncate(renderTitle(templates, alert, fallback), MAX_SUBJECT_CHARS - reply.length);
  }
  const head = reply
    ? `[newswatch] ${view.threadTitle}`
    : `[newswatch] ${alert.update ? 'Update: ' : ''}${view.title}`;
  // Truncate the title part, not the count: "(+3 more)" is what tells the reader there is more to open.
  const more = !reply && view.articles.length > 1 ? ` (+${view.articles.length - 1} more)` : '';
  return reply + truncate(head, MAX_SUBJECT_CHARS - reply.length - more.length) + more;
}

function introLines(alert: Alert, view: AlertView): string[] {
  const lines = [`Topic: ${view.topic}`];
  if (alert.update) lines.push('Update: more reports on a story you were alerted to');
  lines.push(...summaryLines(view));
  if (view.matchedTerms.length > 0) lines.push(`Matched: ${view.matchedTerms.join(', ')}`);
  return lines;
}

function renderText(alert: Alert, view: AlertView): string {
  const lines = introLines(alert, view);
  view.articles.forEach((article, index) => {
    lines.push('', `${index + 1}. ${article.title}`);
    if (article.source) lines.push(`   Source: ${article.source}`);
    if (article.published) lines.push(`   Published: ${article.published}`);
    if (article.urlText) lines.push(`   ${article.urlText}`);
    if (article.snippet) lines.push('', ...article.snippet.split('\n').map((line) => `   ${line}`));
  });
  return `${lines.join('\n')}\n`;
}

function renderArticleHtml(article: ArticleView): string {
  const title = escapeHtml(article.title);
  const heading = article.url === null ? title : `<a href="${escapeHtml(article.url)}">${title}</a>`;
  const meta = [article.source, article.published ?? ''].filter((part) => part !== '').map(escapeHtml).join(' · ');
  const parts = [`<h3 style="margin:0 0 4px">${heading}</h3>`];
  if (meta) parts.push(`<p style="margin:0;color:#555">${meta}</p>`);
  if (article.url === null && article.urlText) {
    parts.push(`<p style="margin:0;color:#555">${escapeHtml(article.urlText)}</p>`);
  }
  if (article.snippet) parts.push(`<p style="margin:8px 0 0">${escapeHtml(article.snippet).replace(/\n/g, '<br>')}</p>`);
  return `<li style="margin:0 0 16px">${parts.join('')}</li>`;
}

/** A complete HTML email document around `content`. */
export function htmlDocument(content: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">',
    content,
    '</body></html>',
  ].join('\n');
}

function renderHtml(alert: Alert, view: AlertView): string {
  const [topic = '', ...summary] = introLines(alert, view).map(escapeHtml);
  return htmlDocument(
    [
      `<h2>${topic}</h2>`,
      `<p>${summary.join('<br>')}</p>`,
      `<ol style="padding-left:20px">${view.articles.map(renderArticleHtml).join('')}</ol>`,
    ].join('\n'),
  );
}

/** Renders an alert as a one-line subject, a plain-text body and an escaped HTML body. */
export function renderEmail(alert: Alert, templates: MessageTemplates = NO_TEMPLATES): EmailContent {
  const view = viewAlert(alert);
  const subject = renderSubject(alert, view, templates);
  if (templates.body === null) return { subject, text: renderText(alert, view), html: renderHtml(alert, view) };
  const text = `${toPlainText(templates.body.render(alert, asIs))}\n`;
  const html = htmlDocument(`<div style="white-space:pre-wrap">${escapeHtml(text)}</div>`);
  return { subject, text, html };
}
