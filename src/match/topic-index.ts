/**
 * The topic index. Every word pattern of every topic gets a record in the pattern table (pattern-table.ts), and
 * each topic is filed under the patterns of its presearch anchor (presearch.ts) with a copy of its presearch filter
 * (presearch-filter.ts). Per article: every word is looked up, marking the patterns present with their fields; then
 * the postings of the marked patterns are walked, and a topic becomes a candidate when its filter holds on the
 * marks — the filter sits next to the topic in the posting, so rejecting a topic reads memory already being read.
 * Candidates are evaluated with their leaves probed through the marks instead of string lookups.
 *
 * An index holds per-article scratch state, so one instance serves one article at a time (Node runs matchArticle
 * to completion; a worker thread would build its own).
 */
import { FIELD_NAMES } from './fields.js';
import type { FieldMask } from './fields.js';
import { fieldContains } from './find-words.js';
import type { LeafProbe } from './evaluate-query.js';
import type { NormalizedText } from './normalize-text.js';
import { PatternTable, R_MARK, R_POSTINGS, R_POSTINGS_END } from './pattern-table.js';
import { presearch } from './presearch.js';
import type { ClauseTerm } from './presearch.js';
import { encodeFilter, FIELD_BITS, filterHolds, mapFilterPatterns } from './presearch-filter.js';
import { forEachLeaf } from './query-ast.js';
import type { LeafNode, QueryNode, WordPattern } from './query-ast.js';

/** Marks stay positive in an Int32Array. */
const MAX_EPOCH = 2 ** (31 - FIELD_BITS) - 1;

/** Compressed rows: row r is values[offsets[r] .. offsets[r + 1]). */
interface Rows {
  offsets: Int32Array;
  values: Int32Array;
}

function toRows(lists: readonly (readonly number[])[]): Rows {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, r) => (offsets[r + 1] = offsets[r]! + list.length));
  const values = new Int32Array(offsets[lists.length]!);
  lists.forEach((list, r) => values.set(list, offsets[r]!));
  return { offsets, values };
}

/** Compiled topic queries, indexed for matching many topics against one article at a time. */
export class TopicIndex {
  private readonly patterns = new PatternTable();
  /** The pattern records (pattern-table.ts), holding each pattern's mark and posting range. */
  private readonly records: Int32Array;
  /** Entries [topic, filter length, filter…] of the topics filed under each pattern. */
  private readonly postings: Int32Array;
  /** Per leaf (numbered topic by topic, then by `LeafNode.index`): the record offsets of its words. */
  private readonly leafWords: Rows;
  private readonly firstLeaf: Int32Array;
  /** Topics filed under no pattern (their query can match without any word the presearch sees): always candidates. */
  private readonly unfiled: number[] = [];

  private readonly seen: Uint32Array;
  private readonly candidates: Int32Array;
  /** Records marked in the current article, in the order met. */
  private readonly present: Int32Array;
  private readonly found: Int32Array;
  private epoch = 0;
  private text: NormalizedText | undefined;
  private leafBase = 0;
  /** Probes the leaves of the topic selected by `probeFor`; created once so evaluation allocates nothing. */
  private readonly probe: LeafProbe = (leaf) => this.probeLeaf(leaf);

  constructor(queries: readonly QueryNode[]) {
    const { patterns } = this;
    const leafLists: number[][] = [];
    const postingLists: number[][] = [];
    this.firstLeaf = new Int32Array(queries.length);
    queries.forEach((query, topic) => {
      const first = (this.firstLeaf[topic] = leafLists.length);
      const words: WordPattern[] = [];
      const ids: number[] = [];
      forEachLeaf(query, (leaf) => {
        leafLists[first + leaf.index] = leaf.words.map((word) => {
          words.push(word);
          ids.push(patterns.idOf(word));
          return ids.at(-1)!;
        });
      });
      // Presearch terms are the leaves' own pattern objects: finding one among these few beats hashing its text.
      const idOf = (term: ClauseTerm) => ids[words.indexOf(term.pattern)] ?? patterns.idOf(term.pattern);
      const search = presearch(query);
      if (search.anchor === undefined) this.unfiled.push(topic);
      const filter = encodeFilter(search, idOf);
      const anchors = (search.anchor ?? []).map(idOf);
      anchors.forEach((id, k) => {
        // An anchor may name a pattern twice (`a OR a`); one entry is enough.
        if (anchors.indexOf(id) !== k) return;
        const list = (postingLists[id] ??= []);
        list.push(topic, filter.length);
        for (const value of filter) list.push(value);
      });
    });
    patterns.seal();
    this.records = patterns.records;
    // Ids are dense, so the lists stay a fast array once the holes are filled.
    for (let id = 0; id < patterns.count; id++) postingLists[id] ??= [];
    const postings = toRows(postingLists);
    this.postings = postings.values;
    const refOf = (id: number) => patterns.refOf(id);
    postingLists.forEach((_, id) => {
      const ref = patterns.refOf(id);
      const start = postings.offsets[id]!;
      const end = postings.offsets[id + 1]!;
      this.records[ref + R_POSTINGS] = start;
      this.records[ref + R_POSTINGS_END] = end;
      for (let p = start; p < end; p += 2 + this.postings[p + 1]!) mapFilterPatterns(this.postings, p + 2, this.postings[p + 1]!, refOf);
    });
    this.leafWords = toRows(leafLists);
    this.leafWords.values.forEach((id, k) => (this.leafWords.values[k] = patterns.refOf(id)));
    this.present = new Int32Array(patterns.count);
    this.seen = new Uint32Array(queries.length);
    this.candidates = new Int32Array(queries.length);
    this.found = new Int32Array(patterns.maxPerWord);
  }

  /** Number of distinct word patterns (exact words and prefixes) over all topics. */
  get patternCount(): number {
    return this.patterns.count;
  }

  private nextEpoch(): number {
    if (++this.epoch > MAX_EPOCH) {
      this.patterns.forEachRef((ref) => (this.records[ref + R_MARK] = 0));
      this.seen.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** Marks the patterns the article's words satisfy; returns how many distinct ones, listed in `present`. */
  private markWords(text: NormalizedText, epoch: number): number {
    const { records, present, found, patterns } = this;
    const stamp = epoch << FIELD_BITS;
    let count = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      const { words, hashes } = text[FIELD_NAMES[f]!];
      for (let w = 0; w < words.length; w++) {
        const n = patterns.lookup(words[w]!, hashes[w]!, found);
        for (let k = 0; k < n; k++) {
          const ref = found[k]!;
          const mark = records[ref + R_MARK]!;
          if (mark >>> FIELD_BITS === epoch) {
            records[ref + R_MARK] = mark | bit;
          } else {
            records[ref + R_MARK] = stamp | bit;
            present[count++] = ref;
          }
        }
      }
    }
    return count;
  }

  /**
   * Marks the article's words and returns the topics worth evaluating, ascending. The result is a view that the
   * next call overwrites; the article stays selected for `probeFor`.
   */
  candidatesFor(text: NormalizedText): Int32Array {
    const epoch = this.nextEpoch();
    const { records, seen, candidates, present, postings } = this;
    let count = 0;
    for (const topic of this.unfiled) {
      seen[topic] = epoch;
      candidates[count++] = topic;
    }
    const marked = this.markWords(text, epoch);
    for (let i = 0; i < marked; i++) {
      const ref = present[i]!;
      for (let p = records[ref + R_POSTINGS]!, end = records[ref + R_POSTINGS_END]!; p < end; p += 2 + postings[p + 1]!) {
        const topic = postings[p]!;
        if (seen[topic] !== epoch && filterHolds(postings, p + 2, postings[p + 1]!, records, epoch)) {
          seen[topic] = epoch;
          candidates[count++] = topic;
        }
      }
    }
    this.text = text;
    return candidates.subarray(0, count).sort();
  }

  /** The leaf probe for topic number `topic` over the article last passed to `candidatesFor`. */
  probeFor(topic: number): LeafProbe {
    this.leafBase = this.firstLeaf[topic]!;
    return this.probe;
  }

  private probeLeaf(leaf: LeafNode): FieldMask {
    const { offsets, values } = this.leafWords;
    const row = this.leafBase + leaf.index;
    const from = offsets[row]!;
    const to = offsets[row + 1]!;
    let mask = leaf.fields;
    for (let k = from; k < to; k++) {
      const mark = this.records[values[k]! + R_MARK]!;
      if (mark >>> FIELD_BITS !== this.epoch) return 0;
      mask &= mark;
      if (mask === 0) return 0;
    }
    if (to - from === 1) return mask;
    // Every word is in these fields; whether they are consecutive needs the words themselves.
    let found = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      if (mask & bit && fieldContains(this.text![FIELD_NAMES[f]!], leaf.words)) found |= bit;
    }
    return found;
  }
}
