/**
 * NEAR over a compiled topic (topic-program.ts `OP_NEAR`), with the semantics of match-near.ts: an occurrence of a
 * left leaf and one of a right leaf in the same field that do not overlap and have at most `distance` words between
 * them, in either order. Occurrences are kept per leaf (each list ascending, as found) in scratch arrays reused from
 * article to article, so a NEAR allocates nothing.
 */
import { FIELD_NAMES } from './fields.js';
import type { FieldMask } from './fields.js';
import type { NormalizedField, NormalizedText } from './normalize-text.js';
import type { PatternTexts } from './pattern-texts.js';
import { nextOccurrence } from './row-words.js';
import { NEAR_DISTANCE, NEAR_LEFT_COUNT, NEAR_ROWS, ROW_COUNT, ROW_LABEL } from './topic-program.js';

/** What a NEAR needs of the index: the fields where a leaf (by row) is found in the current article, and the words. */
export interface RowProbe {
  fieldsAt(row: number): FieldMask;
  readonly texts: PatternTexts;
}

/** Receives the matched terms of a NEAR: a leaf's label and the field of a match it takes part in. */
export interface TermSink {
  record(label: number, fields: FieldMask): void;
}

/** Index of the first of sorted[from .. to) that is not less than `key`, or `to`. */
function lowerBound(sorted: Int32Array, from: number, to: number, key: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class NearMatcher {
  /** The occurrences of every leaf of the NEAR in one field: list k is starts[listFrom[k] .. listFrom[k + 1]). */
  private starts = new Int32Array(256);
  private listFrom = new Int32Array(17);
  /** Per list: the leaf's length in words. */
  private lengths = new Int32Array(16);

  constructor(private readonly probe: RowProbe) {}

  /** The fields where the NEAR at `at` holds; the words are only compared when both sides are present in a field. */
  fields(code: Int32Array, at: number, text: NormalizedText): FieldMask {
    const left = at + NEAR_ROWS;
    const middle = left + code[at + NEAR_LEFT_COUNT]!;
    const end = code[at + 1]!;
    const both = this.mask(code, left, middle) & this.mask(code, middle, end);
    let out = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      if ((both & bit) === 0) continue;
      this.fill(code, left, end, bit, text[FIELD_NAMES[f]!]);
      const distance = code[at + NEAR_DISTANCE]!;
      for (let k = 0; k < middle - left; k++) {
        if (this.listMeets(k, middle - left, end - left, distance)) {
          out |= bit;
          break;
        }
      }
    }
    return out;
  }

  /** Records each leaf that has an occurrence taking part in a match of the NEAR at `at`, with that match's field. */
  collect(code: Int32Array, at: number, text: NormalizedText, sink: TermSink): void {
    const fields = this.fields(code, at, text);
    const left = at + NEAR_ROWS;
    const split = code[at + NEAR_LEFT_COUNT]!;
    const count = code[at + 1]! - left;
    const distance = code[at + NEAR_DISTANCE]!;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      if ((fields & bit) === 0) continue;
      this.fill(code, left, left + count, bit, text[FIELD_NAMES[f]!]);
      for (let k = 0; k < count; k++) {
        const met = k < split ? this.listMeets(k, split, count, distance) : this.listMeets(k, 0, split, distance);
        if (met) sink.record(code[code[left + k]! + ROW_LABEL]!, bit);
      }
    }
  }

  private mask(code: Int32Array, from: number, to: number): FieldMask {
    let mask = 0;
    for (let k = from; k < to; k++) mask |= this.probe.fieldsAt(code[k]!);
    return mask;
  }

  /** Lists the occurrences in `field` of each leaf whose row is at code[from .. to); a leaf not present there has none. */
  private fill(code: Int32Array, from: number, to: number, bit: FieldMask, field: NormalizedField): void {
    if (to - from >= this.lengths.length) {
      this.lengths = new Int32Array(2 * (to - from));
      this.listFrom = new Int32Array(2 * (to - from) + 1);
    }
    const { listFrom, lengths } = this;
    const { texts } = this.probe;
    let n = 0;
    for (let k = 0; k < to - from; k++) {
      const row = code[from + k]!;
      listFrom[k] = n;
      lengths[k] = code[row + ROW_COUNT]!;
      if ((this.probe.fieldsAt(row) & bit) === 0) continue;
      for (let start = nextOccurrence(field, code, row, 0, texts); start !== -1; start = nextOccurrence(field, code, row, start + 1, texts)) {
        if (n === this.starts.length) this.grow();
        this.starts[n++] = start;
      }
    }
    listFrom[to - from] = n;
  }

  private grow(): void {
    const grown = new Int32Array(2 * this.starts.length);
    grown.set(this.starts);
    this.starts = grown;
  }

  /** Whether some occurrence in list k has a neighbour in lists [from, to). */
  private listMeets(k: number, from: number, to: number, distance: number): boolean {
    const { starts, listFrom, lengths } = this;
    const length = lengths[k]!;
    for (let i = listFrom[k]!; i < listFrom[k + 1]!; i++) {
      const start = starts[i]!;
      for (let other = from; other < to; other++) {
        if (this.hasNeighbour(start, start + length - 1, other, distance)) return true;
      }
    }
    return false;
  }

  /** Whether the span [start, end] has a span of list `other` within `distance` words of it, not overlapping. */
  private hasNeighbour(start: number, end: number, other: number, distance: number): boolean {
    const { starts, listFrom } = this;
    const otherLength = this.lengths[other]!;
    const to = listFrom[other + 1]!;
    for (let i = lowerBound(starts, listFrom[other]!, to, start - distance - otherLength); i < to; i++) {
      const otherStart = starts[i]!;
      if (otherStart > end + 1 + distance) return false;
      const otherEnd = otherStart + otherLength - 1;
      const gap = otherStart > end ? otherStart - end - 1 : start - otherEnd - 1;
      if (gap >= 0 && gap <= distance) return true;
    }
    return false;
  }
}
