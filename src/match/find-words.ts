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
  const text = field.words;
  const { hashes } = field;
  const anchor = words.findIndex((word) => !word.prefix);
  const anchorText = anchor === -1 ? '' : words[anchor]!.text;
  const anchorHash = hashWord(anchorText);
  for (let start = 0; start <= text.length - words.length; start++) {
    if (anchor !== -1 && (hashes[start + anchor] !== anchorHash || text[start + anchor] !== anchorText)) continue;
    let ok = true;
    for (let i = 0; i < words.length && ok; i++) if (i !== anchor) ok = fits(text[start + i]!, words[i]!);
    if (ok && found(start)) return true;
  }
  return false;
}

/** Whether the words appear consecutively in the field. */
export function fieldContains(field: NormalizedField, words: readonly WordPattern[]): boolean {
  if (words.length === 1 && !words[0]!.prefix) return field.positions.has(words[0]!.text);
  return scanOccurrences(field, words, () => true);
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
