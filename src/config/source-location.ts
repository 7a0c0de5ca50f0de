import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { PathSegment } from './config-error.js';

/** Which part of the document a problem is about: a key (unknown key), a value, or the map missing a key. */
export type Anchor = 'key' | 'value' | 'parent';

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Finds the line and column a problem at `path` should point at. Where the path leaves the document (a missing
 * key), the deepest node that exists is used; null only when the document is empty.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  anchor: Anchor,
): SourcePosition | null {
  const target = anchor === 'parent' ? path.slice(0, -1) : path;
  let node: unknown = doc.contents;
  let pair: Pair | null = null;
  for (const segment of target) {
    if (isAlias(node)) node = node.resolve(doc);
    const found = child(node, segment);
    if (!found) {
      pair = null;
      break;
    }
    ({ node, pair } = found);
  }
  if (anchor === 'key' && pair && isNodeWithRange(pair.key)) return position(lineCounter, pair.key);
  // A key with nothing after the colon has an empty scalar at the end of the line; point at the key instead.
  const blank = isScalar(node) && node.value === null && pair?.value === node;
  if (blank && isNodeWithRange(pair?.key)) return position(lineCounter, pair.key);
  if (isNodeWithRange(node)) return position(lineCounter, node);
  if (pair && isNodeWithRange(pair.key)) return position(lineCounter, pair.key);
  return null;
}

function child(node: unknown, segment: PathSegment): { node: unknown; pair: Pair | null } | null {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
    return pair ? { node: pair.value, pair } : null;
  }
  if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
    return { node: node.items[segment], pair: null };
  }
  return null;
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) && Array.isArray(node.range);
}

function position(lineCounter: LineCounter, node: { range: [number, number, number] }): SourcePosition {
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line: Math.max(line, 1), column: col };
}
