/** Finding a leaf's words (exact words and prefixes, consecutive) in one tokenised field. */
import type { NormalizedField } from './normalize-text.js';
import type { WordPattern } from './query-ast.js';
import { LOWER } from './tokenize.js';
import { hashWord } from './word-hash.js';

/**
 * Whether the word at `index` fits the pattern. A word that is a span of the source is compared in place, a code
 * unit at a time: making it a string cost more than the whole comparison, and a prefix is checked at every word.
 */
function fits(field: NormalizedField, index: number, pattern: WordPattern): boolean {
  const { text } = pattern;
  const length = field.lengths[index]!;
  if (pattern.prefix ? length < text.length : length !== text.length) return false;
  const start = field.starts[index]!;
  if (start < 0) {
    const word = field.wordAt(index);
    return pattern.prefix ? word.startsWith(text) : word === text;
  }
  const { units } = field;
  for (let i = 0; i < text.length; i++) if (LOWER[units[start + i]!] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Calls `found` with the start of each place the words appear consecutively, in ascending order, until it returns
 * true. The first exact word anchors the search: a scan of the field's word hashes finds it without building any
 * lookup (a run of prefixes only is checked at every position).
 */
function scanOccurrences(field: NormalizedField, words: readonly WordPattern[], found: (start: number) => boolean): boolean {
  const last = field.count - words.length;
  const anchor = words.findIndex((word) => !word.prefix);
  if (anchor === -1) {
    for (let start = 0; start <= last; start++) if (fitsAt(field, start, words) && found(start)) return true;
    return false;
  }
  // The native indexOf scans the hashes several times faster than a loop over them.
  const { hashes } = field;
  const anchorHash = hashWord(words[anchor]!.text);
  for (let at = hashes.indexOf(anchorHash, anchor); at !== -1 && at - anchor <= last; at = hashes.indexOf(anchorHash, at + 1)) {
    if (fitsAt(field, at - anchor, words) && found(at - anchor)) return true;
  }
  return false;
}

/** Whether the words fit consecutively from `start`. */
function fitsAt(field: NormalizedField, start: number, words: readonly WordPattern[]): boolean {
  for (let i = 0; i < words.length; i++) if (!fits(field, start + i, words[i]!)) return false;
  return true;
}

const yes = (): boolean => true;

/** Whether the words appear consecutively in the field (a scan of its hashes: no lookup is built for it). */
export function fieldContains(field: NormalizedField, words: readonly WordPattern[]): boolean {
  return scanOccurrences(field, words, yes);
}

/** Start positions of every place the words appear consecutively in the field, ascending. */
export function occurrences(field: NormalizedField, words: readonly WordPattern[]): number[] {
  const starts: number[] = [];
  scanOccurrences(field, words, (start) => {
    starts.push(start);
    return false;
  });
  return starts;
}
