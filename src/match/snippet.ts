import { capField } from './normalize-text.js';
import type { MatchableText } from './normalize-text.js';
import { tokenizeWithSpans } from './tokenize.js';
import type { WordSpan } from './tokenize.js';
import { parseQuery } from './parse-query.js';
import { forEachLeaf } from './query-ast.js';
import type { WordPattern } from './query-ast.js';

/** Default length of a snippet, in characters, before highlight marks and ellipses. */
export const SNIPPET_CHARS = 200;
/** How far a window edge may move to land on a space rather than cut a word (text without spaces: it cuts). */
const MAX_SNAP = 30;
const SPACE = /\s/;

interface Span {
  start: number;
  end: number;
}

/** Reads matched terms back into word patterns; a term that is not a valid query on its own is skipped. */
function termPatterns(terms: readonly string[]): WordPattern[][] {
  const patterns: WordPattern[][] = [];
  for (const term of terms) {
    try {
      forEachLeaf(parseQuery(term), (leaf, positive) => {
        if (positive) patterns.push([...leaf.words]);
      });
    } catch {
      // Terms normally come from TopicMatch.matchedTerms; anything else just goes unhighlighted.
    }
  }
  return patterns;
}

function findSpans(words: readonly WordSpan[], patterns: readonly WordPattern[][]): Span[] {
  const spans: Span[] = [];
  for (let start = 0; start < words.length; start++) {
    for (const pattern of patterns) {
      if (start + pattern.length > words.length) continue;
      const ok = pattern.every((p, i) => {
        const word = words[start + i]!.word;
        return p.prefix ? word.startsWith(p.text) : word === p.text;
      });
      if (ok) spans.push({ start: words[start]!.start, end: words[start + pattern.length - 1]!.end });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A window of about `maxChars` around `focus`, its edges moved onto spaces when one is near. */
function windowAround(text: string, focus: Span, maxChars: number): Span {
  if (text.length <= maxChars) return { start: 0, end: text.length };
  // A third of the room before the match: the reader sees what leads up to it and more of what follows.
  let start = Math.max(0, focus.start - Math.floor(Math.max(0, maxChars - (focus.end - focus.start)) / 3));
  let end = Math.min(text.length, Math.max(start + maxChars, focus.end));
  start = Math.max(0, Math.min(start, end - maxChars));
  if (start > 0 && !SPACE.test(text.charAt(start - 1))) {
    const space = text.slice(start, Math.min(focus.start, start + MAX_SNAP)).search(/\s/);
    if (space !== -1) start += space + 1;
    else if (isHighSurrogate(text.charCodeAt(start - 1))) start += 1;
  }
  if (end < text.length && !SPACE.test(text.charAt(end))) {
    const from = Math.max(focus.end, end - MAX_SNAP);
    const space = text.slice(from, end).search(/\s\S*$/);
    if (space !== -1) end = from + space;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  }
  return { start, end };
}

function render(text: string, window: Span, spans: readonly Span[]): string {
  let out = window.start > 0 ? '…' : '';
  let at = window.start;
  for (const span of spans) {
    if (span.start < window.start || span.end > window.end) continue;
    out += `${text.slice(at, span.start)}«${text.slice(span.start, span.end)}»`;
    at = span.end;
  }
  out += text.slice(at, window.end);
  if (window.end < text.length) out += '…';
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * About `maxChars` characters around the first match in the summary, else the content, else the title, with each
 * matched word or phrase wrapped in «…». Without any match: the start of the first non-empty field.
 */
export function snippet(article: MatchableText, matchedTerms: string[], maxChars = SNIPPET_CHARS): string {
  const patterns = termPatterns(matchedTerms);
  const fields = [article.summary, article.content, article.title].map(capField);
  for (const text of fields) {
    const spans = findSpans(tokenizeWithSpans(text), patterns);
    const first = spans[0];
    if (first) return render(text, windowAround(text, first, maxChars), spans);
  }
  const text = fields.find((field) => field.trim() !== '') ?? '';
  return render(text, windowAround(text, { start: 0, end: 0 }, maxChars), []);
}
