/**
 * Human-readable rendering of an alert, shared by every notifier that sends prose (email now, chat later).
 * Every article field comes from a feed and is hostile until proven otherwise: the subject is forced onto one
 * line (no header injection), the text drops control characters, and the HTML escapes every value and links
 * only http/https URLs.
 */
import type { Alert, AlertArticle } from '../types.js';

/** Longest subject we produce, in characters, `…` included. */
export const MAX_SUBJECT_CHARS = 200;

// C0 controls except TAB/LF/CR, DEL, C1 controls, and the bidi overrides/isolates that can reorder how a
// subject reads in a mail client.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Collapses any whitespace (CR/LF and U+2028 included) to single spaces and drops control characters. */
export function toOneLine(value: string): string {
  return value.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/** Keeps line breaks (normalised to LF) but drops other control characters and trailing spaces. */
function toPlainText(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cuts to at most `max` code points, ending in `…` when anything was cut (never splits a surrogate pair). */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The URL normalised when it is an absolute http(s) URL, else null (javascript:, data:, relative…). */
export function linkableUrl(value: string | null): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

function titleOf(article: AlertArticle): string {
  return toOneLine(article.title) || '(untitled)';
}

function renderSubject(alert: Alert): string {
  const topic = toOneLine(alert.topic.name);
  const first = alert.articles[0];
  const more = alert.articles.length > 1 ? ` (+${alert.articles.length - 1} more)` : '';
  const head = first === undefined ? `[newswatch] ${topic}` : `[newswatch] ${topic}: ${titleOf(first)}`;
  // Truncate the title part, not the count: "(+3 more)" is what tells the reader there is more to open.
  return truncate(head, MAX_SUBJECT_CHARS - more.length) + more;
}

function renderText(alert: Alert): string {
  const lines = [`Topic: ${toOneLine(alert.topic.name)}`];
  if (alert.matchedTerms.length > 0) lines.push(`Matched: ${alert.matchedTerms.map(toOneLine).join(', ')}`);
  alert.articles.forEach((article, index) => {
    lines.push('', `${index + 1}. ${titleOf(article)}`);
    const source = toOneLine(article.source);
    if (source) lines.push(`   Source: ${source}`);
    if (article.published) lines.push(`   Published: ${toOneLine(article.published)}`);
    if (article.url) lines.push(`   ${toOneLine(article.url)}`);
    const snippet = toPlainText(article.snippet);
    if (snippet) lines.push('', ...snippet.split('\n').map((line) => `   ${line}`));
  });
  return `${lines.join('\n')}\n`;
}

function renderArticleHtml(article: AlertArticle): string {
  const title = escapeHtml(titleOf(article));
  const href = linkableUrl(article.url);
  const heading = href === null ? title : `<a href="${escapeHtml(href)}">${title}</a>`;
  const meta = [toOneLine(article.source), article.published ? toOneLine(article.published) : '']
    .filter((part) => part !== '')
    .map(escapeHtml)
    .join(' · ');
  const parts = [`<h3 style="margin:0 0 4px">${heading}</h3>`];
  if (meta) parts.push(`<p style="margin:0;color:#555">${meta}</p>`);
  if (article.url && href === null) parts.push(`<p style="margin:0;color:#555">${escapeHtml(toOneLine(article.url))}</p>`);
  const snippet = toPlainText(article.snippet);
  if (snippet) parts.push(`<p style="margin:8px 0 0">${escapeHtml(snippet).replace(/\n/g, '<br>')}</p>`);
  return `<li style="margin:0 0 16px">${parts.join('')}</li>`;
}

function renderHtml(alert: Alert): string {
  const topic = escapeHtml(toOneLine(alert.topic.name));
  const terms =
    alert.matchedTerms.length > 0
      ? `<p>Matched: ${alert.matchedTerms.map((term) => escapeHtml(toOneLine(term))).join(', ')}</p>`
      : '';
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">',
    `<h2>Topic: ${topic}</h2>`,
    terms,
    `<ol style="padding-left:20px">${alert.articles.map(renderArticleHtml).join('')}</ol>`,
    '</body></html>',
  ].join('\n');
}

/** Renders an alert as a one-line subject, a plain-text body and an escaped HTML body. */
export function renderAlertText(alert: Alert): { subject: string; text: string; html: string } {
  return { subject: renderSubject(alert), text: renderText(alert), html: renderHtml(alert) };
}
