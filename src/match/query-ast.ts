/** The parsed form of a topic query (grammar and semantics: parse-query.ts and docs/query-language.md). */
import type { FieldMask } from './fields.js';

/** One normalised word of a term or phrase; `prefix` when written with a trailing `*`. */
export interface WordPattern {
  readonly text: string;
  readonly prefix: boolean;
}

interface LeafBase {
  readonly words: readonly WordPattern[];
  /** The fields this leaf may be found in: every field, or those of an enclosing `title:` / `text:`. */
  readonly fields: FieldMask;
  /** Position among the query's leaves in text order (0-based), so a compiled topic can keep per-leaf data. */
  readonly index: number;
  readonly column: number;
}

/** An unquoted word as written; it may fold into several consecutive words (`covid-19` → covid, 19). */
export interface TermNode extends LeafBase {
  readonly kind: 'term';
  /** As written, lowercased, without its field scope: what `TopicMatch.matchedTerms` reports. */
  readonly label: string;
}

/** A quoted phrase: consecutive words in one field. */
export interface PhraseNode extends LeafBase {
  readonly kind: 'phrase';
  /** As written, lowercased, in double quotes, inner whitespace collapsed: `"abraham accords"`. */
  readonly label: string;
}

/** A query leaf: something looked up in the text. */
export type LeafNode = TermNode | PhraseNode;

/** All children must match. `column` is that of the first child. */
export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly QueryNode[];
  readonly column: number;
}

/** At least one child must match. `column` is that of the first child. */
export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly QueryNode[];
  readonly column: number;
}

/** The child must not match. `column` is that of the `NOT` or `-`. */
export interface NotNode {
  readonly kind: 'not';
  readonly child: QueryNode;
  readonly column: number;
}

/**
 * An occurrence of any `left` leaf and one of any `right` leaf in the same field, not overlapping, with at most
 * `distance` words between them, in either order. `column` is that of the first left leaf.
 */
export interface NearNode {
  readonly kind: 'near';
  readonly left: readonly LeafNode[];
  readonly right: readonly LeafNode[];
  readonly distance: number;
  readonly column: number;
}

/** A parsed query. */
export type QueryNode = LeafNode | AndNode | OrNode | NotNode | NearNode;

/** Calls `visit` on every leaf of the query in text order, with whether it is under an even number of NOTs. */
export function forEachLeaf(node: QueryNode, visit: (leaf: LeafNode, positive: boolean) => void, positive = true): void {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      visit(node, positive);
      return;
    case 'not':
      forEachLeaf(node.child, visit, !positive);
      return;
    case 'near':
      for (const leaf of node.left) visit(leaf, positive);
      for (const leaf of node.right) visit(leaf, positive);
      return;
    case 'and':
    case 'or':
      for (const child of node.children) forEachLeaf(child, visit, positive);
  }
}
