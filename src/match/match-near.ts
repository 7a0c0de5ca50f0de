/**
 * NEAR: an occurrence of a left leaf and one of a right leaf in the same field that do not overlap and have at most
 * `distance` words between them, in either order.
 */
import { FIELD_NAMES } from './fields.js';
import type { FieldMask } from './fields.js';
import { occurrences } from './find-words.js';
import type { NormalizedField, NormalizedText } from './normalize-text.js';
import type { LeafProbe } from './evaluate-query.js';
import type { LeafNode, NearNode } from './query-ast.js';

/** Occurrences of some leaves in one field: parallel arrays sorted by start. */
interface Spans {
  starts: number[];
  ends: number[];
  /** Longest span, so a search can start early enough to meet every span that may end near a point. */
  maxLength: number;
}

/** Index of the first element of `sorted` that is not less than `key`. */
function lowerBound(sorted: ArrayLike<number>, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function spansOf(leaves: readonly LeafNode[], field: NormalizedField): Spans {
  const all: [number, number][] = [];
  let maxLength = 0;
  for (const leaf of leaves) {
    const length = leaf.words.length;
    maxLength = Math.max(maxLength, length);
    for (const start of occurrences(field, leaf.words)) all.push([start, start + length - 1]);
  }
  all.sort((a, b) => a[0] - b[0]);
  return { starts: all.map((s) => s[0]), ends: all.map((s) => s[1]), maxLength };
}

/** Whether the span [start, end] has a span of `other` within `distance` words of it, not overlapping. */
function hasNeighbour(start: number, end: number, other: Spans, distance: number): boolean {
  const from = lowerBound(other.starts, start - distance - other.maxLength);
  for (let i = from; i < other.starts.length; i++) {
    const otherStart = other.starts[i]!;
    if (otherStart > end + 1 + distance) return false;
    const otherEnd = other.ends[i]!;
    const gap = otherStart > end ? otherStart - end - 1 : start - otherEnd - 1;
    if (gap >= 0 && gap <= distance) return true;
  }
  return false;
}

function leafMask(leaves: readonly LeafNode[], probe: LeafProbe): FieldMask {
  let mask = 0;
  for (const leaf of leaves) mask |= probe(leaf);
  return mask;
}

/** Leaves of `side` present in field `bit`. */
function presentIn(side: readonly LeafNode[], probe: LeafProbe, bit: FieldMask): LeafNode[] {
  return side.filter((leaf) => (probe(leaf) & bit) !== 0);
}

/** The fields where the NEAR holds; the words are only compared when both sides are present in a field. */
export function nearFields(node: NearNode, probe: LeafProbe, text: NormalizedText): FieldMask {
  const both = leafMask(node.left, probe) & leafMask(node.right, probe);
  let out = 0;
  for (let i = 0; i < FIELD_NAMES.length; i++) {
    const bit = 1 << i;
    if ((both & bit) === 0) continue;
    const field = text[FIELD_NAMES[i]!];
    const left = spansOf(presentIn(node.left, probe, bit), field);
    const right = spansOf(presentIn(node.right, probe, bit), field);
    if (left.starts.some((start, k) => hasNeighbour(start, left.ends[k]!, right, node.distance))) out |= bit;
  }
  return out;
}

/** Calls `found` for each leaf that has an occurrence taking part in a NEAR match, with the field of that match. */
export function nearLeaves(node: NearNode, probe: LeafProbe, text: NormalizedText, found: (leaf: LeafNode, bit: FieldMask) => void): void {
  const fields = nearFields(node, probe, text);
  for (let i = 0; i < FIELD_NAMES.length; i++) {
    const bit = 1 << i;
    if ((fields & bit) === 0) continue;
    const field = text[FIELD_NAMES[i]!];
    const sides = [presentIn(node.left, probe, bit), presentIn(node.right, probe, bit)] as const;
    const spans = [spansOf(sides[0], field), spansOf(sides[1], field)] as const;
    sides.forEach((side, s) => {
      const other = spans[1 - s]!;
      for (const leaf of side) {
        const length = leaf.words.length;
        if (occurrences(field, leaf.words).some((start) => hasNeighbour(start, start + length - 1, other, node.distance))) {
          found(leaf, bit);
        }
      }
    });
  }
}
