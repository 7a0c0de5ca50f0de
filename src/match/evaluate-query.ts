import { FIELD_NAMES } from './normalize-text.js';
import type { FieldName, NormalizedField, NormalizedText } from './normalize-text.js';
import type { LeafNode, QueryNode, WordPattern } from './parse-query.js';

/** A set of fields as a bit mask, bit i = FIELD_NAMES[i]; field-scoped operators will narrow it. */
export type FieldMask = number;

/** Every field. */
export const ALL_FIELDS: FieldMask = (1 << FIELD_NAMES.length) - 1;

/** The mask of one field. */
export function fieldBit(field: FieldName): FieldMask {
  return 1 << FIELD_NAMES.indexOf(field);
}

/** What one query says about one article. */
export interface QueryEvaluation {
  matched: boolean;
  /**
   * When matched: label → fields where it was found, for the positive leaves that made the query true, deduplicated,
   * in query order. Empty when not matched.
   */
  terms: Map<string, FieldMask>;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function fits(word: string, pattern: WordPattern): boolean {
  return pattern.prefix ? word.startsWith(pattern.text) : word === pattern.text;
}

/** Positions of every word that `pattern` accepts (not sorted across words; callers only test each one). */
function positionsOf(field: NormalizedField, pattern: WordPattern): readonly number[] {
  if (!pattern.prefix) return field.positions.get(pattern.text) ?? [];
  const all: number[] = [];
  for (let i = lowerBound(field.sortedWords, pattern.text); i < field.sortedWords.length; i++) {
    const word = field.sortedWords[i]!;
    if (!word.startsWith(pattern.text)) break;
    for (const position of field.positions.get(word)!) all.push(position);
  }
  return all;
}

/** Whether the words appear consecutively in the field. */
export function fieldContains(field: NormalizedField, words: readonly WordPattern[]): boolean {
  if (words.length === 1) {
    const only = words[0]!;
    if (!only.prefix) return field.positions.has(only.text);
    return field.sortedWords[lowerBound(field.sortedWords, only.text)]?.startsWith(only.text) ?? false;
  }
  // An exact word is a direct lookup and usually rarer than a prefix's expansion, so it anchors the check.
  const anchor = Math.max(0, words.findIndex((w) => !w.prefix));
  const last = field.words.length - words.length;
  for (const position of positionsOf(field, words[anchor]!)) {
    const start = position - anchor;
    if (start < 0 || start > last) continue;
    if (words.every((pattern, i) => i === anchor || fits(field.words[start + i]!, pattern))) return true;
  }
  return false;
}

/** Evaluates one parsed query against one tokenised article; leaf lookups are done at most once. */
class Evaluator {
  private readonly found = new Map<LeafNode, FieldMask>();

  constructor(private readonly text: NormalizedText) {}

  private leafFields(leaf: LeafNode): FieldMask {
    const known = this.found.get(leaf);
    if (known !== undefined) return known;
    let mask = 0;
    FIELD_NAMES.forEach((name, i) => {
      if (fieldContains(this.text[name], leaf.words)) mask |= 1 << i;
    });
    this.found.set(leaf, mask);
    return mask;
  }

  test(node: QueryNode, fields: FieldMask): boolean {
    switch (node.kind) {
      case 'term':
      case 'phrase':
        return (this.leafFields(node) & fields) !== 0;
      case 'and':
        return node.children.every((child) => this.test(child, fields));
      case 'or':
        return node.children.some((child) => this.test(child, fields));
      case 'not':
        return !this.test(node.child, fields);
    }
  }

  /**
   * Collects the leaves that make `node` evaluate to `value`. Leaves are recorded only when found (value true
   * under an even number of NOTs), so `NOT (NOT a AND NOT b)` reports whichever of a, b is present.
   */
  collect(node: QueryNode, value: boolean, fields: FieldMask, out: Map<string, FieldMask>): void {
    switch (node.kind) {
      case 'term':
      case 'phrase':
        if (value) out.set(node.label, (out.get(node.label) ?? 0) | (this.leafFields(node) & fields));
        return;
      case 'not':
        this.collect(node.child, !value, fields, out);
        return;
      case 'and':
      case 'or':
        // A true AND / false OR needs every child; a true OR / false AND is decided by the children that agree.
        for (const child of node.children) {
          if (this.test(child, fields) === value) this.collect(child, value, fields, out);
        }
    }
  }
}

/** Evaluates a parsed query against a tokenised article. */
export function evaluateQuery(root: QueryNode, text: NormalizedText): QueryEvaluation {
  const evaluator = new Evaluator(text);
  const terms = new Map<string, FieldMask>();
  const matched = evaluator.test(root, ALL_FIELDS);
  if (matched) evaluator.collect(root, true, ALL_FIELDS, terms);
  return { matched, terms };
}
