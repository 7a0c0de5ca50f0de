/**
 * Finding a compiled leaf's words (topic-program.ts `ROW_*`: exact words and prefixes, consecutive) in one tokenised
 * field: the same search as find-words.ts, reading the words' pattern ids from the leaf's row and their texts from
 * `PatternTexts` instead of pattern objects.
 */
import type { NormalizedField } from './normalize-text.js';
import type { PatternTexts } from './pattern-texts.js';
import { ROW_ANCHOR, ROW_ANCHOR_HASH, ROW_COUNT, ROW_IDS } from './topic-program.js';
import { LOWER } from './tokenize.js';

/**
 * Whether the word at `index` fits pattern `id`. A word that is a span of the source is compared in place; a word
 * of its own (folded, segmented) is a string already.
 */
function fits(field: NormalizedField, index: number, texts: PatternTexts, id: number): boolean {
  const head = texts.starts[id]!;
  const from = head >>> 1;
  const length = (texts.starts[id + 1]! >>> 1) - from;
  const wordLength = field.lengths[index]!;
  if (head & 1 ? wordLength < length : wordLength !== length) return false;
  const { units } = texts;
  const start = field.starts[index]!;
  if (start < 0) {
    const word = field.wordAt(index);
    for (let i = 0; i < length; i++) if (word.charCodeAt(i) !== units[from + i]) return false;
    return true;
  }
  const source = field.units;
  for (let i = 0; i < length; i++) if (LOWER[source[start + i]!] !== units[from + i]) return false;
  return true;
}

/** Whether the row's words fit consecutively from word `start` of the field. */
function fitsAt(field: NormalizedField, start: number, code: Int32Array, row: number, texts: PatternTexts): boolean {
  const count = code[row + ROW_COUNT]!;
  for (let i = 0; i < count; i++) if (!fits(field, start + i, texts, code[row + ROW_IDS + i]!)) return false;
  return true;
}

/**
 * The first place at or after word `from` where the row's words appear consecutively in the field, or -1. The
 * anchor word is found by a scan of the field's hashes (the native `indexOf` is several times faster than a loop);
 * a run of prefixes only is checked at every position.
 */
export function nextOccurrence(field: NormalizedField, code: Int32Array, row: number, from: number, texts: PatternTexts): number {
  const last = field.count - code[row + ROW_COUNT]!;
  const anchor = code[row + ROW_ANCHOR]!;
  if (anchor === -1) {
    for (let start = from; start <= last; start++) if (fitsAt(field, start, code, row, texts)) return start;
    return -1;
  }
  const { hashes } = field;
  const hash = code[row + ROW_ANCHOR_HASH]!;
  for (let at = hashes.indexOf(hash, from + anchor); at !== -1 && at - anchor <= last; at = hashes.indexOf(hash, at + 1)) {
    if (fitsAt(field, at - anchor, code, row, texts)) return at - anchor;
  }
  return -1;
}
