/**
 * Evaluates compiled topics (topic-program.ts) against the current article of a topic index, with the semantics of
 * evaluate-query.ts: whether the query holds, then the matched terms and the score. The terms are gathered in typed
 * arrays by label number rather than in a Map of strings, and nothing but the match itself is allocated.
 */
import { fieldBit } from './fields.js';
import type { FieldMask } from './fields.js';
import type { NormalizedText } from './normalize-text.js';
import { NearMatcher } from './program-near.js';
import type { RowProbe, TermSink } from './program-near.js';
import { OP_AND, OP_LEAF, OP_NOT, OP_OR, ROW_LABEL, TOPIC_CODE, TOPIC_LABEL_BASE, TOPIC_LABELS, TOPIC_POSITIVE } from './topic-program.js';
import type { TopicMatch } from '../types.js';

const TITLE = fieldBit('title');
/** Set in a label's entry once recorded, so a label recorded with no field still counts (as the Map did). */
const RECORDED = 1 << 8;

/** What the runner reads of the index: its blocks, their labels, and the fields of a leaf by row. */
export interface CompiledTopics extends RowProbe {
  readonly programs: Int32Array;
  readonly labels: readonly string[];
  /** Where topic number `topic`'s block starts. */
  blockOf(topic: number): number;
}

export class ProgramRunner implements TermSink {
  private readonly near: NearMatcher;
  /** Per label number of the topic being collected: `RECORDED` and the fields where it was found. */
  private termFields = new Int32Array(16);
  /** The label numbers recorded, in the order first met (the order matched terms are reported in). */
  private termOrder = new Int32Array(16);
  private termCount = 0;
  private text: NormalizedText | undefined;
  /** Written by `readAhead`, never read. */
  private touchSum = 0;

  constructor(private readonly topics: CompiledTopics) {
    this.near = new NearMatcher(topics);
  }

  /**
   * Reads the first Int32 of each candidate's block: the reads do not depend on one another, so their cache misses
   * overlap instead of each stalling an evaluation in turn (100,000 topics: ~11 candidates an article).
   */
  readAhead(candidates: Int32Array): void {
    const { programs } = this.topics;
    let sum = 0;
    for (let k = 0; k < candidates.length; k++) sum |= programs[this.topics.blockOf(candidates[k]!)]!;
    this.touchSum = sum;
  }

  /** The match of topic number `topic` (reported as `topicId`) against `text`, the index's current article, or null. */
  match(topic: number, topicId: string, text: NormalizedText): TopicMatch | null {
    const { programs, labels } = this.topics;
    const block = this.topics.blockOf(topic);
    const code = programs[block + TOPIC_CODE]!;
    this.text = text;
    if (!this.test(code)) return null;
    const labelCount = programs[block + TOPIC_LABELS]!;
    if (labelCount > this.termFields.length) {
      this.termFields = new Int32Array(2 * labelCount);
      this.termOrder = new Int32Array(2 * labelCount);
    }
    this.collect(code, true);
    const { termFields, termOrder } = this;
    const base = programs[block + TOPIC_LABEL_BASE]!;
    const matchedTerms: string[] = [];
    let weight = 0;
    for (let k = 0; k < this.termCount; k++) {
      const label = termOrder[k]!;
      weight += termFields[label]! & TITLE ? 2 : 1;
      matchedTerms.push(labels[base + label]!);
      termFields[label] = 0;
    }
    this.termCount = 0;
    return { topicId, score: weight / (2 * programs[block + TOPIC_POSITIVE]!), matchedTerms };
  }

  record(label: number, fields: FieldMask): void {
    if (this.termFields[label] === 0) this.termOrder[this.termCount++] = label;
    this.termFields[label]! |= fields | RECORDED;
  }

  /** Whether the node at `at` is true for the article. */
  private test(at: number): boolean {
    const { programs } = this.topics;
    switch (programs[at]) {
      case OP_LEAF:
        return this.topics.fieldsAt(programs[at + 2]!) !== 0;
      case OP_AND:
        for (let child = at + 2, end = programs[at + 1]!; child < end; child = programs[child + 1]!) {
          if (!this.test(child)) return false;
        }
        return true;
      case OP_OR:
        for (let child = at + 2, end = programs[at + 1]!; child < end; child = programs[child + 1]!) {
          if (this.test(child)) return true;
        }
        return false;
      case OP_NOT:
        return !this.test(at + 2);
      default:
        return this.near.fields(programs, at, this.text!) !== 0;
    }
  }

  /**
   * Records the leaves that make the node at `at` evaluate to `value` (evaluate-query.ts `collectTerms`): leaves only
   * when found, under an even number of NOTs; a NEAR's leaves that take part in a match, with the fields where they do.
   */
  private collect(at: number, value: boolean): void {
    const { programs } = this.topics;
    switch (programs[at]) {
      case OP_LEAF:
        if (value) {
          const row = programs[at + 2]!;
          this.record(programs[row + ROW_LABEL]!, this.topics.fieldsAt(row));
        }
        return;
      case OP_NOT:
        this.collect(at + 2, !value);
        return;
      case OP_AND:
      case OP_OR:
        // A true AND / false OR needs every child; a true OR / false AND is decided by the children that agree.
        for (let child = at + 2, end = programs[at + 1]!; child < end; child = programs[child + 1]!) {
          if (this.test(child) === value) this.collect(child, value);
        }
        return;
      default:
        if (value) this.near.collect(programs, at, this.text!, this);
    }
  }
}
