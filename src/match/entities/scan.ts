/**
 * One pass over a field's tokens with the gazetteer's tries: longest name first, blocking phrases consumed, and
 * the per-script details (Arabic/Hebrew prefixes, names inside Chinese, Japanese and Korean runs).
 */
import { CaseMode, wordSection, type Entry } from './entry.js';
import { entryOf, hasLonger, type Gazetteer } from './gazetteer.js';
import { Gap, Script, tokenize, type Token } from './text.js';

/** A name found at tokens [start, end). */
export interface Match {
  readonly entry: Entry;
  readonly start: number;
  readonly end: number;
}

/** One field, tokenised and scanned. */
export interface Scanned {
  readonly tokens: Token[];
  /** Country names found; blocking phrases are not listed. */
  readonly matches: Match[];
  /** Written in title case or capitals, so capitals say nothing about names. */
  readonly titleCase: boolean;
}

const AR_PREFIXES = ['وب', 'ول', 'فب', 'فل', 'وك', 'و', 'ف', 'ب', 'ل', 'ك'];
const HE_PREFIXES = new Set([...'והבלמשכ']);
const KATAKANA = /[\p{sc=Katakana}\u30FC]/u;
const HANGUL = /\p{sc=Hangul}/u;

function caseOk(entry: Entry, first: Token): boolean {
  if (entry.caseMode === CaseMode.Any || first.script !== Script.Cased) return true;
  return entry.caseMode === CaseMode.Upper ? first.upper : first.cap;
}

/** Longest entry at token i whose first word is `first`; names never cross a comma or a sentence end. */
function walk(g: Gazetteer, tokens: readonly Token[], i: number, first: string): Match | null {
  const phrases = g.phrases(wordSection(first));
  let key = first;
  let packed = phrases[key];
  let best: Match | null = null;
  for (let j = i + 1; packed !== undefined; j++) {
    const entry = entryOf(g, packed);
    if (entry && caseOk(entry, tokens[i]!)) best = { entry, start: i, end: j };
    const t = tokens[j];
    if (!hasLonger(packed) || !t || t.gap >= Gap.Comma) break;
    key = `${key} ${t.f}`;
    packed = phrases[key];
  }
  return best;
}

/** Arabic and Hebrew attach conjunctions and prepositions to the next word (وكازاخستان, בישראל). */
function withoutPrefixes(t: Token): string[] {
  const f = t.f;
  if (t.script === Script.Arabic) {
    const out = AR_PREFIXES.filter((p) => f.startsWith(p) && f.length - p.length >= 3).map((p) => f.slice(p.length));
    if (/^و?لل/.test(f)) out.unshift(`ال${f.slice(f.indexOf('لل') + 2)}`); // ل + ال is written لل
    return out;
  }
  if (t.script !== Script.Hebrew || !HE_PREFIXES.has(f.charAt(0))) return [];
  return HE_PREFIXES.has(f.charAt(1)) ? [f.slice(1), f.slice(2)] : [f.slice(1)];
}

function sameRun(a: string | undefined, b: string | undefined, script: RegExp): boolean {
  return a !== undefined && b !== undefined && script.test(a) && script.test(b);
}

/** A katakana name fills a katakana run (マリ is not in マリン); a Hangul name starts a word (particles follow). */
function charBoundary(chars: readonly string[], i: number, j: number): boolean {
  if (sameRun(chars[i - 1], chars[i], KATAKANA) || sameRun(chars[i - 1], chars[i], HANGUL)) return false;
  return !sameRun(chars[j - 1], chars[j], KATAKANA);
}

/** Names inside one run written without spaces; each is reported at the run's token index. */
function scanChars(g: Gazetteer, t: Token, index: number, out: Match[]): void {
  const chars = [...t.f];
  const phrases = g.phrases('chars');
  for (let i = 0; i < chars.length; ) {
    let end = 0;
    let found: Entry | undefined;
    let key = '';
    for (let j = i; j < chars.length; j++) {
      key += chars[j];
      const packed = phrases[key];
      if (packed === undefined) break;
      const entry = entryOf(g, packed);
      if (entry && charBoundary(chars, i, j + 1)) [end, found] = [j + 1, entry];
      if (!hasLonger(packed)) break;
    }
    if (found && found.code !== null) out.push({ entry: found, start: index, end: index + 1 });
    i = found ? end : i + 1;
  }
}

function isTitleCase(tokens: readonly Token[]): boolean {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (t.script !== Script.Cased || t.f.length < 4) continue;
    words += 1;
    if (t.cap) caps += 1;
  }
  return words >= 3 && caps >= 0.75 * words;
}

/** Tokenises one field and finds the names in it. */
export function scan(g: Gazetteer, text: string): Scanned {
  const tokens = tokenize(text);
  const matches: Match[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t.script === Script.Continuous) {
      scanChars(g, t, i++, matches);
      continue;
    }
    let m = walk(g, tokens, i, t.f);
    for (const f of m ? [] : withoutPrefixes(t)) m ??= walk(g, tokens, i, f);
    if (m && m.entry.code !== null) matches.push(m);
    i = m ? m.end : i + 1;
  }
  return { tokens, matches, titleCase: isTitleCase(tokens) };
}
