/**
 * The topic index. Every word pattern of every topic is numbered in the pattern table (pattern-table.ts), and
 * each topic is filed under the patterns of its presearch anchor (presearch.ts) with a guard of two terms
 * (posting-guard.ts). Per article: every word is looked up, marking the patterns it may satisfy with their fields;
 * then the postings of the marked patterns are walked, and a topic becomes a candidate when its guard and then its
 * presearch filter (presearch-filter.ts, stored once per topic) hold on the marks — the guard sits next to the
 * topic in the posting and rejects most entries, so a filter is read for few. The marks are a byte per pattern id,
 * small enough to stay in cache; only the patterns an article marked are cleared before the next one.
 *
 * The pattern table finds patterns by hash alone, so a mark can (very rarely) be a hash collision: marks choose
 * candidates, and a candidate's leaves are then checked against the article's words, once per leaf and article.
 * Each topic's query is compiled into a block of Int32s (topic-program.ts) that evaluation (run-program.ts) reads,
 * holding its leaves' rows: their word ids and the fields where the current article has them (cached by article
 * number).
 *
 * An index holds per-article scratch state, so one instance serves one article at a time (Node runs matchArticle
 * to completion; a worker thread would build its own).
 */
import { FIELD_NAMES } from './fields.js';
import { Int32Builder } from './int32-builder.js';
import type { FieldMask } from './fields.js';
import type { NormalizedText } from './normalize-text.js';
import { PatternTable } from './pattern-table.js';
import type { PatternTexts } from './pattern-texts.js';
import { presearch } from './presearch.js';
import type { ClauseTerm } from './presearch.js';
import { ENTRY_FILTER, ENTRY_GUARD, ENTRY_GUARD_2, ENTRY_SIZE, ENTRY_TOPIC, layPostings, NO_GUARD } from './postings.js';
import { encodeFilter, FIELD_BITS, FIELD_MASK, filterHoldsAt } from './presearch-filter.js';
import { TopicGuards } from './posting-guard.js';
import type { LeafNode, QueryNode, WordPattern } from './query-ast.js';
import { nextOccurrence } from './row-words.js';
import type { CompiledTopics } from './run-program.js';
import { compileProgram, ROW_COUNT, ROW_EPOCH, ROW_FIELDS, ROW_IDS, ROW_SCOPE, TOPIC_DIRECTORY, TOPIC_LEAVES } from './topic-program.js';

/** Leaf rows are stamped with the article's number, which wraps here (an Int32, never 0 once counting). */
const MAX_EPOCH = 2 ** 31 - 1;
/** In a mark: the pattern is an anchor (topics are filed under it). It stays when the fields are cleared. */
const ANCHOR = 0x80;

/** Int32s of a typical compiled topic (a few leaves of a word or two), so the blocks are mostly written in place. */
const PROGRAM_INTS_GUESS = 48;

/** Compiled topic queries, indexed for matching many topics against one article at a time. */
export class TopicIndex implements CompiledTopics {
  private readonly patterns = new PatternTable();
  /** Per pattern id: the fields where the current article has a word it may satisfy, and `ANCHOR`. */
  private readonly marks: Uint8Array;
  /** The pattern ids the current article marked, in the order met (the marks to clear before the next). */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Per pattern id p: its postings are postings[postingStarts[p] .. postingStarts[p + 1]). */
  private readonly postingStarts: Int32Array;
  /** Entries (postings.ts `ENTRY_*`) of the topics filed under each pattern. */
  private readonly postings: Int32Array;
  /** The topics' presearch filters, which posting entries point into. */
  private readonly filters: Int32Array;
  /** Every topic's compiled block (topic-program.ts), so evaluating a candidate reads a few adjacent cache lines. */
  readonly programs: Int32Array;
  /** Per topic: where its block starts. */
  private readonly blocks: Int32Array;
  /** The topics' distinct leaf labels, block by block (`TOPIC_LABEL_BASE`). */
  readonly labels: string[] = [];
  /** Topics filed under no pattern (their query can match without any word the presearch sees): always candidates. */
  private readonly unfiled: number[] = [];

  /** Per topic: 1 while it is among the candidates being collected. */
  private readonly seen: Uint8Array;
  private readonly candidates: Int32Array;
  /** Anchor pattern ids marked in the current article, in the order met. */
  private readonly present: Int32Array;
  private readonly found: Int32Array;
  /** The current article's number, stamped on leaf rows (evaluation asks a leaf more than once). */
  private epoch = 0;
  /** Written by `touchPostings`, never read. */
  private touchSum = 0;
  private text: NormalizedText | undefined;

  constructor(queries: readonly QueryNode[]) {
    const { patterns } = this;
    const programs = new Int32Builder(queries.length * PROGRAM_INTS_GUESS);
    const anchors = new Int32Builder();
    const guards = new Int32Builder();
    const filters = new Int32Builder();
    this.blocks = new Int32Array(queries.length);
    const anchorAt = new Int32Array(queries.length + 1);
    const filterAt = new Int32Array(queries.length);
    const patternId = (word: WordPattern) => patterns.idOf(word);
    queries.forEach((query, topic) => {
      const { block, words, ids } = compileProgram(query, patternId, programs, this.labels);
      this.blocks[topic] = block;
      // Presearch terms are the leaves' own pattern objects: finding one among these few beats hashing its text.
      const idOf = (term: ClauseTerm) => ids[words.indexOf(term.pattern)] ?? patterns.idOf(term.pattern);
      const search = presearch(query);
      if (search.anchor === undefined) this.unfiled.push(topic);
      filterAt[topic] = filters.length;
      encodeFilter(search, idOf, filters);
      const anchorIds = (search.anchor ?? []).map(idOf);
      const topicGuards = new TopicGuards(search, idOf);
      anchorIds.forEach((id, k) => {
        // An anchor may name a pattern twice (`a OR a`); one entry is enough.
        if (anchorIds.indexOf(id) !== k) return;
        anchors.push(id);
        for (const term of topicGuards.of(id)) guards.push(term);
      });
      anchorAt[topic + 1] = anchors.length;
    });
    patterns.seal();
    const filed = { anchorAt, anchors: anchors.values, guards: guards.values, filterAt };
    const { starts, postings } = layPostings(filed, patterns.count);
    this.filters = filters.toArray();
    this.postings = postings;
    this.postingStarts = starts;
    this.marks = new Uint8Array(patterns.count);
    for (let k = 0; k < anchors.length; k++) this.marks[anchors.values[k]!] = ANCHOR;
    this.programs = programs.toArray();
    this.touched = new Int32Array(patterns.count);
    this.present = new Int32Array(patterns.count);
    this.seen = new Uint8Array(queries.length);
    this.candidates = new Int32Array(queries.length);
    this.found = new Int32Array(patterns.maxPerWord);
  }

  /** Number of distinct word patterns (exact words and prefixes) over all topics. */
  get patternCount(): number {
    return this.patterns.count;
  }

  private nextEpoch(): void {
    if (++this.epoch <= MAX_EPOCH) return;
    const { programs, blocks } = this;
    for (const block of blocks) {
      for (let k = 0; k < programs[block + TOPIC_LEAVES]!; k++) programs[programs[block + TOPIC_DIRECTORY + k]! + ROW_EPOCH] = 0;
    }
    this.epoch = 1;
  }

  /** Clears the marks of the last article. */
  private clearMarks(): void {
    const { marks, touched } = this;
    for (let k = 0; k < this.touchedCount; k++) marks[touched[k]!]! &= ANCHOR;
    this.touchedCount = 0;
  }

  /** Marks the patterns the article's words may satisfy; returns how many anchors among them, listed in `present`. */
  private markWords(text: NormalizedText): number {
    const { marks, present, found, patterns, touched } = this;
    let touchedCount = 0;
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
          if ((mark & FIELD_MASK) === 0) {
            touched[touchedCount++] = id;
            if (mark & ANCHOR) present[count++] = id;
          }
          marks[id] = mark | bit;
        }
      }
    }
    this.touchedCount = touchedCount;
    return count;
  }

  /**
   * Reads the first entry of each present anchor's postings before the walk: these reads do not depend on one
   * another, so their cache misses overlap, where in the walk each stalled it in turn (100,000 topics: ~2 MB of
   * postings). Returns nothing useful; the sum only keeps the reads.
   */
  private touchPostings(marked: number): void {
    const { present, postings, postingStarts } = this;
    let sum = 0;
    for (let i = 0; i < marked; i++) sum |= postings[postingStarts[present[i]!]! + ENTRY_GUARD]!;
    this.touchSum = sum;
  }

  /**
   * Marks the article's words and returns the topics worth evaluating, ascending. The result is a view that the
   * next call overwrites; the article stays selected for `fieldsAt`.
   */
  candidatesFor(text: NormalizedText): Int32Array {
    this.nextEpoch();
    this.clearMarks();
    const { marks, seen, candidates, present, postings, postingStarts, filters } = this;
    let count = 0;
    // Unfiled topics are in no posting, so they need no `seen`.
    for (const topic of this.unfiled) candidates[count++] = topic;
    const marked = this.markWords(text);
    this.touchPostings(marked);
    for (let i = 0; i < marked; i++) {
      const id = present[i]!;
      for (let p = postingStarts[id]!, end = postingStarts[id + 1]!; p < end; p += ENTRY_SIZE) {
        // The guard and filter first: they reject most entries from the marks (in cache); `seen` is a read per topic.
        const guard = postings[p + ENTRY_GUARD]!;
        if (guard !== NO_GUARD && (marks[guard >>> FIELD_BITS]! & guard & FIELD_MASK) === 0) {
          const other = postings[p + ENTRY_GUARD_2]!;
          if ((marks[other >>> FIELD_BITS]! & other & FIELD_MASK) === 0) continue;
        }
        if (!filterHoldsAt(filters, postings[p + ENTRY_FILTER]!, marks)) continue;
        const topic = postings[p + ENTRY_TOPIC]!;
        if (seen[topic] === 0) {
          seen[topic] = 1;
          candidates[count++] = topic;
        }
      }
    }
    for (let k = 0; k < count; k++) seen[candidates[k]!] = 0;
    this.text = text;
    return count > 1 ? candidates.subarray(0, count).sort() : candidates.subarray(0, count);
  }

  /** The word patterns' texts by id. */
  get texts(): PatternTexts {
    return this.patterns.texts;
  }

  /** Where topic number `topic`'s block starts. */
  blockOf(topic: number): number {
    return this.blocks[topic]!;
  }

  /** The fields where the leaf whose row is at `row` is found in the article last passed to `candidatesFor`. */
  fieldsAt(row: number): FieldMask {
    const { programs } = this;
    if (programs[row + ROW_EPOCH] === this.epoch) return programs[row + ROW_FIELDS]!;
    const fields = this.checkLeaf(row);
    programs[row + ROW_EPOCH] = this.epoch;
    programs[row + ROW_FIELDS] = fields;
    return fields;
  }

  private checkLeaf(row: number): FieldMask {
    const { programs, marks } = this;
    let mask = programs[row + ROW_SCOPE]!;
    for (let k = row + ROW_IDS, to = k + programs[row + ROW_COUNT]!; k < to; k++) {
      mask &= marks[programs[k]!]!;
      if (mask === 0) return 0;
    }
    // Every word may be in these fields (by hash); whether they are, and consecutive, needs the words themselves.
    let found = 0;
    for (let f = 0; f < FIELD_NAMES.length; f++) {
      const bit = 1 << f;
      if (mask & bit && nextOccurrence(this.text![FIELD_NAMES[f]!], programs, row, 0, this.patterns.texts) !== -1) found |= bit;
    }
    return found;
  }
}
