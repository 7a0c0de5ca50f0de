/** Finding a leaf's words (exact words and prefixes, consecutive) in one tokenised field. */
import type { NormalizedField } from './normalize-text.js';
import type { WordPattern } from './query-ast.js';
import { hashWord } from './word-hash.js';

function fits(word: string, pattern: WordPattern): boolean {
  return pattern.prefix ? word.startsWith(pattern.text) : word === pattern.text;
}

/**
 * Calls `found` with the start of each place the words appear consecutively, in ascending order, until it returns
 * true. The first exact word anchors the search: a scan of the field's word hashes finds it without building any
 * lookup (a run of prefixes only is checked at every position).
 */
function scanOccurrences(field: NormalizedField, words: readonly WordPattern[], found: (start: number) => boolean): boolean {
  const { hashes, lengths, count } = field;
  const anchor = words.findIndex((word) => !word.prefix);
  const anchorText = anchor === -1 ? '' : words[anchor]!.text;
  const anchorHash = hashWord(anchorText);
  // Without an exact word, the first prefix's length turns most words away before any is made into a string.
  const shortest = anchor === -1 ? words[0]!.text.length : 0;
  for (let start = 0; start <= count - words.length; start++) {
    if (anchor !== -1) {
      if (hashes[start + anchor] !== anchorHash || field.wordAt(start + anchor) !== anchorText) continue;
    } else if (lengths[start]! < shortest) {
      continue;
    }
    let ok = true;
    for (let i = 0; i < words.length && ok; i++) if (i !== anchor) ok = fits(field.wordAt(start + i), words[i]!);
    if (ok && found(start)) return true;
  }
  return false;
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
