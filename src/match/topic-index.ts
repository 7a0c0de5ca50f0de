/**
 * The topic index. Every word pattern of every topic is numbered in the pattern table (pattern-table.ts), and
 * each topic is filed under the patterns of its presearch anchor (presearch.ts) with a copy of its presearch filter
 * (presearch-filter.ts). Per article: every word is looked up, marking the patterns it may satisfy with their
 * fields; then the postings of the marked patterns are walked, and a topic becomes a candidate when its filter
 * holds on the marks — the filter sits next to the topic in the posting, so rejecting a topic reads memory already
 * being read. The per-pattern state (marks, posting offsets) is in arrays indexed by pattern id, small enough to
 * stay in cache.
 *
 * The pattern table finds patterns by hash alone, so a mark can (very rarely) be a hash collision: marks choose
 * candidates, and a candidate's leaves are then checked against the article's words, once per leaf and article.
 *
 * An index holds per-article scratch state, so one instance serves one article at a time (Node runs matchArticle
 * to completion; a worker thread would build its own).
 */
import { FIELD_NAMES } from './fields.js';
import type { FieldMask } from './fields.js';
import { fieldContains } from './find-words.js';
import type { LeafProbe } from './evaluate-query.js';
import type { NormalizedText } from './normalize-text.js';
import { PatternTable } from './pattern-table.js';
import { presearch } from './presearch.js';
import type { ClauseTerm } from './presearch.js';
import { encodeFilter, FIELD_BITS, filterHolds } from './presearch-filter.js';
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
  /** Per pattern id: `epoch << FIELD_BITS | fields` where the current article has a word it may satisfy. */
  private readonly marks: Int32Array;
  /** Per pattern id p: its postings are postings[postingStarts[p] .. postingStarts[p + 1]). */
  private readonly postingStarts: Int32Array;
  /** Entries [topic, filter length, filter…] of the topics filed under each pattern. */
  private readonly postings: Int32Array;
  /** Per leaf (numbered topic by topic, then by `LeafNode.index`): the pattern ids of its words. */
  private readonly leafWords: Rows;
  private readonly firstLeaf: Int32Array;
  /** Topics filed under no pattern (their query can match without any word the presearch sees): always candidates. */
  private readonly unfiled: number[] = [];

  private readonly seen: Uint32Array;
  private readonly candidates: Int32Array;
  /** One bit per pattern id: whether some topic is filed under it (its postings are worth reading). */
  private readonly anchors: Int32Array;
  /** Anchor pattern ids marked in the current article, in the order met. */
  private readonly present: Int32Array;
  private readonly found: Int32Array;
  /** Per leaf: the epoch its fields were last checked in, and those fields (evaluation asks a leaf more than once). */
  private readonly leafEpochs: Uint32Array;
  private readonly leafFields: Int32Array;
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
    // Ids are dense, so the lists stay a fast array once the holes are filled.
    for (let id = 0; id < patterns.count; id++) postingLists[id] ??= [];
    const postings = toRows(postingLists);
    this.postings = postings.values;
    this.postingStarts = postings.offsets;
    this.anchors = new Int32Array((patterns.count >>> 5) + 1);
    postingLists.forEach((list, id) => {
      if (list.length > 0) this.anchors[id >>> 5]! |= 1 << (id & 31);
    });
    this.leafWords = toRows(leafLists);
    this.marks = new Int32Array(patterns.count);
    this.present = new Int32Array(patterns.count);
    this.seen = new Uint32Array(queries.length);
    this.candidates = new Int32Array(queries.length);
    this.found = new Int32Array(patterns.maxPerWord);
    this.leafEpochs = new Uint32Array(leafLists.length);
    this.leafFields = new Int32Array(leafLists.length);
  }

  /** Number of distinct word patterns (exact words and prefixes) over all topics. */
  get patternCount(): number {
    return this.patterns.count;
  }

  private nextEpoch(): number {
    if (++this.epoch > MAX_EPOCH) {
      this.marks.fill(0);
      this.seen.fill(0);
      this.leafEpochs.fill(0);
      this.epoch = 1;
    }
    return this.epoch;
  }

  /** Marks the patterns the article's words may satisfy; returns how many anchors among them, listed in `present`. */
  private markWords(text: NormalizedText, epoch: number): number {
    const { marks, present, found, patterns, anchors } = this;
    const stamp = epoch << FIELD_BITS;
    let count = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      const field = text[FIELD_NAMES[f]!];
      const { hashes, units, starts, lengths } = field;
      for (let w = 0; w < field.count; w++) {
        const start = starts[w]!;
        // A word of its own (folded, segmented) is a string already; the others are read from the source.
        const n = start < 0 ? patterns.lookup(field.wordAt(w), hashes[w]!, found) : patterns.lookupSpan(units, start, lengths[w]!, hashes[w]!, found);
        for (let k = 0; k < n; k++) {
          const id = found[k]!;
          const mark = marks[id]!;
          if (mark >>> FIELD_BITS === epoch) {
            marks[id] = mark | bit;
          } else {
            marks[id] = stamp | bit;
            if (anchors[id >>> 5]! & (1 << (id & 31))) present[count++] = id;
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
    const { marks, seen, candidates, present, postings, postingStarts } = this;
    let count = 0;
    for (const topic of this.unfiled) {
      seen[topic] = epoch;
      candidates[count++] = topic;
    }
    const marked = this.markWords(text, epoch);
    for (let i = 0; i < marked; i++) {
      const id = present[i]!;
      for (let p = postingStarts[id]!, end = postingStarts[id + 1]!; p < end; p += 2 + postings[p + 1]!) {
        const topic = postings[p]!;
        if (seen[topic] !== epoch && filterHolds(postings, p + 2, postings[p + 1]!, marks, epoch)) {
          seen[topic] = epoch;
          candidates[count++] = topic;
        }
      }
    }
    this.text = text;
    return count > 1 ? candidates.subarray(0, count).sort() : candidates.subarray(0, count);
  }

  /** The leaf probe for topic number `topic` over the article last passed to `candidatesFor`. */
  probeFor(topic: number): LeafProbe {
    this.leafBase = this.firstLeaf[topic]!;
    return this.probe;
  }

  private probeLeaf(leaf: LeafNode): FieldMask {
    const row = this.leafBase + leaf.index;
    if (this.leafEpochs[row] === this.epoch) return this.leafFields[row]!;
    const fields = this.checkLeaf(leaf, row);
    this.leafEpochs[row] = this.epoch;
    this.leafFields[row] = fields;
    return fields;
  }

  private checkLeaf(leaf: LeafNode, row: number): FieldMask {
    const { offsets, values } = this.leafWords;
    let mask = leaf.fields;
    for (let k = offsets[row]!, to = offsets[row + 1]!; k < to; k++) {
      const mark = this.marks[values[k]!]!;
      if (mark >>> FIELD_BITS !== this.epoch) return 0;
      mask &= mark;
      if (mask === 0) return 0;
    }
    // Every word may be in these fields (by hash); whether they are, and consecutive, needs the words themselves.
    let found = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      if (mask & bit && fieldContains(this.text![FIELD_NAMES[f]!], leaf.words)) found |= bit;
    }
    return found;
  }
}
