/** Splits a topic query into tokens: words, phrases, operators, field scopes and parentheses. */
import { FIELD_SCOPES } from './fields.js';
import type { FieldMask } from './fields.js';
import { failAt } from './query-error.js';

export type TokenType = 'word' | 'phrase' | 'and' | 'or' | 'not' | 'near' | 'minus' | 'field' | 'lparen' | 'rparen' | 'end';

export interface Token {
  type: TokenType;
  /** UTF-16 index in the query. */
  index: number;
  /** The word, the phrase content, or the operator / field scope as written. */
  text: string;
  /** NEAR: the most words allowed between its sides. Field: the scoped fields. */
  value: number;
}

/** `NEAR` alone. */
export const DEFAULT_NEAR_DISTANCE = 10;
/** A larger window is not "near" any more, and the field cap makes a whole field about 10,000 words. */
export const MAX_NEAR_DISTANCE = 1000;

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
  ['NEAR', 'near'],
]);
const SPACE = /\s/;
/** A word runs to the next space, parenthesis or quote. */
const WORD_RUN = /[^\s()"]+/y;
const FIELD_PREFIX = /^(\p{L}+):/u;
/** Field names people may reach for; anything else before a colon is text (`10:30`, `re:`). */
const UNKNOWN_FIELDS = new Set(['summary', 'content', 'body', 'headline']);
const NEAR_N = /^NEAR\/(\d+)$/;

function isSpace(c: string): boolean {
  // Most query characters are printable ASCII: skip the regular expression for them.
  return c === ' ' || ((c < '!' || c > '~') && SPACE.test(c));
}

function nearToken(query: string, index: number, text: string): Token | undefined {
  if (text === 'NEAR') return { type: 'near', index, text, value: DEFAULT_NEAR_DISTANCE };
  if (!text.startsWith('NEAR/')) return undefined;
  const digits = NEAR_N.exec(text)?.[1];
  if (digits === undefined) failAt(query, index, "'NEAR/' must be followed by a number of words, as in NEAR/5");
  const distance = Number(digits);
  if (distance > MAX_NEAR_DISTANCE) failAt(query, index, `'NEAR/n' allows at most ${MAX_NEAR_DISTANCE} words between its sides`);
  return { type: 'near', index, text, value: distance };
}

/** A `title:` / `text:` scope at the start of `word` (at `index`), or undefined when it has none. */
function fieldToken(query: string, index: number, word: string): Token | undefined {
  const match = word.includes(':') ? FIELD_PREFIX.exec(word) : null;
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const mask: FieldMask | undefined = FIELD_SCOPES.get(name);
  if (mask === undefined) {
    if (UNKNOWN_FIELDS.has(name)) failAt(query, index, `unknown field '${match[0]}': use title: or text:`);
    return undefined;
  }
  return { type: 'field', index, text: match[0], value: mask };
}

/** The tokens of `query`, always ending with an 'end' token. */
export function lexQuery(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query.charAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', index: i, text: c, value: 0 });
      i++;
    } else if (c === '"') {
      const close = query.indexOf('"', i + 1);
      if (close === -1) failAt(query, i, 'unterminated quote: the phrase has no closing "');
      tokens.push({ type: 'phrase', index: i, text: query.slice(i + 1, close), value: 0 });
      i = close + 1;
    } else if (c === '-') {
      const next = query.charAt(i + 1);
      if (next === '' || next === ')' || isSpace(next)) {
        failAt(query, i, "'-' must be directly followed by a word, a phrase or '('");
      }
      tokens.push({ type: 'minus', index: i, text: c, value: 0 });
      i++;
    } else {
      WORD_RUN.lastIndex = i;
      const text = WORD_RUN.exec(query)![0];
      const field = fieldToken(query, i, text);
      if (field) {
        tokens.push(field);
        i += field.text.length;
        continue;
      }
      const type = KEYWORDS.get(text);
      tokens.push(nearToken(query, i, text) ?? { type: type ?? 'word', index: i, text, value: 0 });
      i += text.length;
    }
  }
  tokens.push({ type: 'end', index: query.length, text: '', value: 0 });
  return tokens;
}
