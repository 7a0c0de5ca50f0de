/**
 * The postings of the topic index, laid out in two passes over typed arrays (sizes, then entries), so that building
 * 100,000 topics allocates a few large arrays rather than a growing list per pattern for the collector to copy.
 *
 * An entry is four Int32s: the topic, its guard, and where its full presearch filter starts. The guard is two
 * filter terms the topic cannot match without both missing; most entries fail on it, so the walk reads 16 bytes and
 * only the survivors' filters (at 100,000 topics a posting copy of every filter made the postings ~5 MB of cache
 * misses).
 */

/** Int32s per posting entry, and their offsets. */
export const ENTRY_SIZE = 4;
export const ENTRY_TOPIC = 0;
export const ENTRY_GUARD = 1;
export const ENTRY_GUARD_2 = 2;
export const ENTRY_FILTER = 3;
/** A guard that always holds (the topic has no one or two terms one of which it needs). */
export const NO_GUARD = -1;

/** What the index gathers per topic before the postings can be laid out. */
export interface Filed {
  /** Per topic: where its anchor ids start in `anchors` and `guards` (one more entry at the end). */
  anchorAt: Int32Array;
  anchors: Int32Array;
  /** Per anchor: the guard (two terms) of the topic's entry under it. */
  guards: Int32Array;
  /** Per topic: where its filter starts (see presearch-filter.ts `filterHoldsAt`). */
  filterAt: Int32Array;
}

/** Postings as one array: per pattern id, entries (`ENTRY_*`) in topic order. */
export function layPostings({ anchorAt, anchors, guards, filterAt }: Filed, patternCount: number): { starts: Int32Array; postings: Int32Array } {
  const topics = anchorAt.length - 1;
  const starts = new Int32Array(patternCount + 1);
  for (let k = 0; k < anchorAt[topics]!; k++) starts[anchors[k]! + 1]! += ENTRY_SIZE;
  for (let id = 0; id < patternCount; id++) starts[id + 1]! += starts[id]!;
  const postings = new Int32Array(starts[patternCount]!);
  const next = starts.slice(0, patternCount);
  for (let topic = 0; topic < topics; topic++) {
    for (let k = anchorAt[topic]!; k < anchorAt[topic + 1]!; k++) {
      const at = next[anchors[k]!]!;
      postings[at + ENTRY_TOPIC] = topic;
      postings[at + ENTRY_GUARD] = guards[2 * k]!;
      postings[at + ENTRY_GUARD_2] = guards[2 * k + 1]!;
      postings[at + ENTRY_FILTER] = filterAt[topic]!;
      next[anchors[k]!] = at + ENTRY_SIZE;
    }
  }
  return { starts, postings };
}
