/**
 * Evaluates a parsed query against a tokenised article. Leaves are looked up through a `LeafProbe`, so the topic
 * index (word ids marked per article) and the naive path (string lookups, `naiveProbe`) share the same semantics.
 */
import { FIELD_NAMES } from './fields.js';
import type { FieldMask } from './fields.js';
import { fieldContains } from './find-words.js';
import { nearFields, nearLeaves } from './match-near.js';
import type { NormalizedText } from './normalize-text.js';
import type { LeafNode, QueryNode } from './query-ast.js';

/** Fields (within leaf.fields) where the leaf occurs in the article being evaluated. */
export type LeafProbe = (leaf: LeafNode) => FieldMask;

/** What one query says about one article. */
export interface QueryEvaluation {
  matched: boolean;
  /**
   * When matched: label → fields where it was found, for the positive leaves that made the query true, deduplicated,
   * in query order. Empty when not matched.
   */
  terms: Map<string, FieldMask>;
}

/** Looks every leaf up by its words in the tokenised fields, without any index. */
export function naiveProbe(text: NormalizedText): LeafProbe {
  return (leaf) => {
    let mask = 0;
    for (let i = 0; i < FIELD_NAMES.length; i++) {
      const bit = 1 << i;
      if (leaf.fields & bit && fieldContains(text[FIELD_NAMES[i]!], leaf.words)) mask |= bit;
    }
    return mask;
  };
}

/** Whether the query is true for the article. */
export function testQuery(node: QueryNode, probe: LeafProbe, text: NormalizedText): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return probe(node) !== 0;
    case 'and':
      for (const child of node.children) if (!testQuery(child, probe, text)) return false;
      return true;
    case 'or':
      for (const child of node.children) if (testQuery(child, probe, text)) return true;
      return false;
    case 'not':
      return !testQuery(node.child, probe, text);
    case 'near':
      return nearFields(node, probe, text) !== 0;
  }
}

/**
 * Collects the leaves that make `node` evaluate to `value`. Leaves are recorded only when found (value true
 * under an even number of NOTs), so `NOT (NOT a AND NOT b)` reports whichever of a, b is present; a NEAR reports
 * the leaves that take part in a match, with the fields where they do.
 */
function collectTerms(node: QueryNode, value: boolean, probe: LeafProbe, text: NormalizedText, out: Map<string, FieldMask>): void {
  const record = (label: string, fields: FieldMask) => out.set(label, (out.get(label) ?? 0) | fields);
  switch (node.kind) {
    case 'term':
    case 'phrase':
      if (value) record(node.label, probe(node));
      return;
    case 'not':
      collectTerms(node.child, !value, probe, text, out);
      return;
    case 'near':
      if (value) nearLeaves(node, probe, text, (leaf, bit) => record(leaf.label, bit));
      return;
    case 'and':
    case 'or':
      // A true AND / false OR needs every child; a true OR / false AND is decided by the children that agree.
      for (const child of node.children) {
        if (testQuery(child, probe, text) === value) collectTerms(child, value, probe, text, out);
      }
  }
}

/** The matched terms of a query already known to be true for the article (see `QueryEvaluation.terms`). */
export function matchedTerms(root: QueryNode, probe: LeafProbe, text: NormalizedText): Map<string, FieldMask> {
  const terms = new Map<string, FieldMask>();
  collectTerms(root, true, probe, text, terms);
  return terms;
}

/** Evaluates a parsed query against a tokenised article, without an index. */
export function evaluateQuery(root: QueryNode, text: NormalizedText): QueryEvaluation {
  const probe = naiveProbe(text);
  const matched = testQuery(root, probe, text);
  return { matched, terms: matched ? matchedTerms(root, probe, text) : new Map() };
}

