/**
 * A topic's query compiled into one block of Int32s, so that evaluating a candidate reads a few adjacent cache lines
 * instead of a tree of objects (at 100,000 topics each object was a cache miss of its own). A block is:
 *
 * - a header (`TOPIC_*`): leaf count, distinct label count, where the labels start in the index's label list, the
 *   number of distinct positive labels (the score's denominator) and where the code starts;
 * - a directory: the offset of each leaf's row, by `LeafNode.index`;
 * - the code: the query's nodes in prefix order, each `[op, end, …]` where `end` is the offset just past the node,
 *   so that a short-circuit skips a subtree in one step (`OP_*` below);
 * - the leaf rows (`ROW_*`): the leaf's cached fields for the current article, its scope, its label, its anchor word
 *   (the first exact one, found by hash) and its words' pattern ids (their texts are in pattern-texts.ts).
 *
 * Offsets in a block are absolute (into the array of all blocks).
 */
import type { Int32Builder } from './int32-builder.js';
import { forEachLeaf } from './query-ast.js';
import type { LeafNode, QueryNode, WordPattern } from './query-ast.js';
import { hashWord } from './word-hash.js';

export const TOPIC_LEAVES = 0;
export const TOPIC_LABELS = 1;
export const TOPIC_LABEL_BASE = 2;
export const TOPIC_POSITIVE = 3;
export const TOPIC_CODE = 4;
export const TOPIC_DIRECTORY = 5;

/** `[OP_LEAF, end, row]`: true when the leaf is found in one of its fields. */
export const OP_LEAF = 0;
/** `[OP_AND | OP_OR, end, child…]`. */
export const OP_AND = 1;
export const OP_OR = 2;
/** `[OP_NOT, end, child]`. */
export const OP_NOT = 3;
/** `[OP_NEAR, end, distance, left count, left rows…, right rows…]`. */
export const OP_NEAR = 4;
export const NEAR_DISTANCE = 2;
export const NEAR_LEFT_COUNT = 3;
export const NEAR_ROWS = 4;

/** The article number whose fields the row holds (see TopicIndex), and those fields. */
export const ROW_EPOCH = 0;
export const ROW_FIELDS = 1;
/** The fields the leaf may be found in. */
export const ROW_SCOPE = 2;
/** The leaf's label, numbered from 0 within the topic. */
export const ROW_LABEL = 3;
/** The index of the leaf's first exact word and its `hashWord`; -1 when every word is a prefix. */
export const ROW_ANCHOR = 4;
export const ROW_ANCHOR_HASH = 5;
export const ROW_COUNT = 6;
/** The words' pattern ids. */
export const ROW_IDS = 7;

/** Scratch for `compileProgram`: 1 for each label of the topic being compiled already counted as positive. */
let positiveLabel: Uint8Array = new Uint8Array(64);

/** `flags` in an array twice as long. */
function grown(flags: Uint8Array): Uint8Array {
  const more = new Uint8Array(2 * flags.length);
  more.set(flags);
  return more;
}

/** What compiling a topic gives the index besides its block. */
export interface TopicProgram {
  /** Where the block starts. */
  readonly block: number;
  /** The leaves' words, in text order, and their pattern ids (for the presearch). */
  readonly words: readonly WordPattern[];
  readonly ids: readonly number[];
}

function pushCode(node: QueryNode, out: Int32Builder, rowAt: (leaf: LeafNode) => number): void {
  const start = out.length;
  switch (node.kind) {
    case 'term':
    case 'phrase':
      out.push(OP_LEAF);
      out.push(0);
      out.push(rowAt(node));
      break;
    case 'and':
    case 'or':
      out.push(node.kind === 'and' ? OP_AND : OP_OR);
      out.push(0);
      for (const child of node.children) pushCode(child, out, rowAt);
      break;
    case 'not':
      out.push(OP_NOT);
      out.push(0);
      pushCode(node.child, out, rowAt);
      break;
    case 'near':
      out.push(OP_NEAR);
      out.push(0);
      out.push(node.distance);
      out.push(node.left.length);
      for (const leaf of [...node.left, ...node.right]) out.push(rowAt(leaf));
  }
  out.values[start + 1] = out.length;
}

/** Appends a leaf's row; `idOf` numbers its words. */
function pushRow(leaf: LeafNode, label: number, idOf: (word: WordPattern) => number, out: Int32Builder): void {
  const anchor = leaf.words.findIndex((word) => !word.prefix);
  out.push(0);
  out.push(0);
  out.push(leaf.fields);
  out.push(label);
  out.push(anchor);
  out.push(anchor === -1 ? 0 : hashWord(leaf.words[anchor]!.text));
  out.push(leaf.words.length);
  for (const word of leaf.words) out.push(idOf(word));
}

/**
 * Appends the block of `query` to `out` and its distinct labels to `labels`; `idOf` numbers word patterns. A query
 * whose leaves are not numbered 0, 1, … in text order is a bug of the parser.
 */
export function compileProgram(query: QueryNode, idOf: (word: WordPattern) => number, out: Int32Builder, labels: string[]): TopicProgram {
  const leaves: LeafNode[] = [];
  const base = labels.length;
  let positive = 0;
  // Labels are few per topic: found by a scan of this topic's part of `labels`, without a Map per topic.
  forEachLeaf(query, (leaf, isPositive) => {
    leaves.push(leaf);
    let label = labels.indexOf(leaf.label, base);
    if (label === -1) label = labels.push(leaf.label) - 1;
    if (label - base === positiveLabel.length) positiveLabel = grown(positiveLabel);
    if (isPositive && !positiveLabel[label - base]) {
      positiveLabel[label - base] = 1;
      positive++;
    }
  });
  positiveLabel.fill(0, 0, labels.length - base);
  const block = out.length;
  out.push(leaves.length);
  out.push(labels.length - base);
  out.push(base);
  out.push(positive);
  out.push(0);
  for (let k = 0; k < leaves.length; k++) out.push(0);
  const rowAt = (leaf: LeafNode) => block + TOPIC_DIRECTORY + leaf.index;
  out.values[block + TOPIC_CODE] = out.length;
  // Rows are not laid out yet: the code first refers to directory slots, resolved below.
  const code = out.length;
  pushCode(query, out, rowAt);
  const words: WordPattern[] = [];
  const ids: number[] = [];
  const numbered = (word: WordPattern) => {
    words.push(word);
    ids.push(idOf(word));
    return ids.at(-1)!;
  };
  for (const leaf of leaves) {
    out.values[block + TOPIC_DIRECTORY + leaf.index] = out.length;
    pushRow(leaf, labels.indexOf(leaf.label, base) - base, numbered, out);
  }
  resolveRows(out.values, code);
  return { block, words, ids };
}

/** Replaces the directory slots the code refers to by the rows they point at. */
function resolveRows(values: Int32Array, at: number): void {
  const end = values[at + 1]!;
  switch (values[at]) {
    case OP_LEAF:
      values[at + 2] = values[values[at + 2]!]!;
      return;
    case OP_NEAR:
      for (let k = at + NEAR_ROWS; k < end; k++) values[k] = values[values[k]!]!;
      return;
    default:
      for (let child = at + 2; child < end; child = values[child + 1]!) resolveRows(values, child);
  }
}
