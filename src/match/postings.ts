/**
 * The postings of the topic index, laid out in two passes over typed arrays (sizes, then entries), so that building
 * 100,000 topics allocates a few large arrays rather than a growing list per pattern for the collector to copy.
 */

/** What the index gathers per topic before the postings can be laid out. */
export interface Filed {
  /** Per topic: where its anchor ids and its filter start in `anchors` and `filters` (one more entry at the end). */
  anchorAt: Int32Array;
  filterAt: Int32Array;
  anchors: Int32Array;
  filters: Int32Array;
}

/** Postings as one array: per pattern id, entries [topic, filter length, filter…] in topic order. */
export function layPostings({ anchorAt, filterAt, anchors, filters }: Filed, patternCount: number): { starts: Int32Array; postings: Int32Array } {
  const topics = anchorAt.length - 1;
  const starts = new Int32Array(patternCount + 1);
  for (let topic = 0; topic < topics; topic++) {
    const size = 2 + filterAt[topic + 1]! - filterAt[topic]!;
    for (let k = anchorAt[topic]!; k < anchorAt[topic + 1]!; k++) starts[anchors[k]! + 1]! += size;
  }
  for (let id = 0; id < patternCount; id++) starts[id + 1]! += starts[id]!;
  const postings = new Int32Array(starts[patternCount]!);
  const next = starts.slice(0, patternCount);
  for (let topic = 0; topic < topics; topic++) {
    const from = filterAt[topic]!;
    const to = filterAt[topic + 1]!;
    for (let k = anchorAt[topic]!; k < anchorAt[topic + 1]!; k++) {
      let at = next[anchors[k]!]!;
      postings[at++] = topic;
      postings[at++] = to - from;
      postings.set(filters.subarray(from, to), at);
      next[anchors[k]!] = at + to - from;
    }
  }
  return { starts, postings };
}
