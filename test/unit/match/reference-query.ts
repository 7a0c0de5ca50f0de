import fc from 'fast-check';
import type { MatchableText } from '../../../src/match/index.js';

// A reference model of the query language that shares no code with src/match: its own query tree (generated, then
// rendered to query text for the real parser), its own word splitting (the generated text is ASCII) and a direct,
// slow evaluation of every operator.

export interface RefWord {
  text: string;
  prefix: boolean;
}
/** `any` = every field, `title` = the headline, `text` = summary and content. */
export type RefScope = 'any' | 'title' | 'text';
export type RefLeaf =
  | { kind: 'word'; word: RefWord; upper: boolean; scope: RefScope }
  | { kind: 'phrase'; words: RefWord[]; scope: RefScope };
export type RefNode =
  | RefLeaf
  | { kind: 'and'; children: RefNode[]; implicit: boolean }
  | { kind: 'or'; children: RefNode[] }
  | { kind: 'not'; child: RefNode; dash: boolean }
  | { kind: 'near'; left: RefLeaf[]; right: RefLeaf[]; distance: number | null };

const QUERY_WORDS = ['alpha', 'beta', 'gamma', 'delt', 'al', 'be'];
const TEXT_WORDS = ['alpha', 'Alpha', 'ALPHA', 'alphabet', 'beta', 'Betamax', 'gamma', 'delta', 'delt', 'al', 'x'];
const SEPARATORS = [' ', ' ', ' ', '-', ', ', '. ', '\n', "'", ' (', ') '];
const FIELDS = ['title', 'summary', 'content'] as const;
const SCOPE_FIELDS: Record<RefScope, readonly boolean[]> = {
  any: [true, true, true],
  title: [true, false, false],
  text: [false, true, true],
};
const DEFAULT_DISTANCE = 10;

const refWord = fc.record({ text: fc.constantFrom(...QUERY_WORDS), prefix: fc.boolean() });
const refScope = fc.constantFrom<RefScope>('any', 'any', 'title', 'text');
const refLeaf: fc.Arbitrary<RefLeaf> = fc.oneof(
  fc.record({ kind: fc.constant('word' as const), word: refWord, upper: fc.boolean(), scope: refScope }),
  fc.record({ kind: fc.constant('phrase' as const), words: fc.array(refWord, { minLength: 1, maxLength: 3 }), scope: refScope }),
);

function scopeUnion(leaves: readonly RefLeaf[]): boolean[] {
  return FIELDS.map((_, f) => leaves.some((leaf) => SCOPE_FIELDS[leaf.scope][f]));
}

const refNear = fc
  .record({
    kind: fc.constant('near' as const),
    left: fc.array(refLeaf, { minLength: 1, maxLength: 2 }),
    right: fc.array(refLeaf, { minLength: 1, maxLength: 2 }),
    distance: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  })
  // Sides limited to different fields are a syntax error; keep the generated query valid.
  .map((near) => {
    const [l, r] = [scopeUnion(near.left), scopeUnion(near.right)];
    return l.some((on, f) => on && r[f]) ? near : { ...near, right: near.right.map((leaf) => ({ ...leaf, scope: 'any' as const })) };
  });

/** Random queries of every operator, with field scopes on leaves. */
export const { node: refQuery } = fc.letrec<{ node: RefNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    refLeaf,
    refNear,
    fc.record({
      kind: fc.constant('and' as const),
      children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }),
      implicit: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('or' as const), children: fc.array(tie('node'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), child: tie('node'), dash: fc.boolean() }),
  ),
}));

const field = fc
  .array(fc.tuple(fc.constantFrom(...TEXT_WORDS), fc.constantFrom(...SEPARATORS)), { maxLength: 10 })
  .map((parts) => parts.map(([word, sep]) => word + sep).join(''));
/** Random articles made of words close to the query words. */
export const refArticle: fc.Arbitrary<MatchableText> = fc.record({ title: field, summary: field, content: field });

function patternText(word: RefWord): string {
  return `${word.text}${word.prefix ? '*' : ''}`;
}

function renderLeaf(leaf: RefLeaf): string {
  const scope = leaf.scope === 'any' ? '' : `${leaf.scope}:`;
  if (leaf.kind === 'phrase') return `${scope}"${leaf.words.map(patternText).join(' ')}"`;
  const text = patternText(leaf.word);
  return scope + (leaf.upper ? text.toUpperCase() : text);
}

/** Query text with only the parentheses precedence needs (NOT > NEAR > AND > OR). */
export function render(node: RefNode): string {
  const operand = (child: RefNode, parentKind: 'and' | 'or' | 'not'): string => {
    const needsParens =
      child.kind === 'or' ? parentKind !== 'or' : (child.kind === 'and' || child.kind === 'near') && parentKind === 'not';
    return needsParens ? `(${render(child)})` : render(child);
  };
  switch (node.kind) {
    case 'word':
    case 'phrase':
      return renderLeaf(node);
    case 'near': {
      const side = (leaves: RefLeaf[]) => (leaves.length === 1 ? renderLeaf(leaves[0]!) : `(${leaves.map(renderLeaf).join(' OR ')})`);
      return `${side(node.left)} ${node.distance === null ? 'NEAR' : `NEAR/${node.distance}`} ${side(node.right)}`;
    }
    case 'and':
      return node.children.map((c) => operand(c, 'and')).join(node.implicit ? ' ' : ' AND ');
    case 'or':
      return node.children.map((c) => operand(c, 'or')).join(' OR ');
    case 'not': {
      // '-' binds to a single operand, so a NOT of a NOT or of a group is written in parentheses.
      const child = operand(node.child, 'not');
      if (!node.dash) return `NOT ${child}`;
      return node.child.kind === 'not' ? `-(${child})` : `-${child}`;
    }
  }
}

export function label(leaf: RefLeaf): string {
  return leaf.kind === 'word' ? patternText(leaf.word) : `"${leaf.words.map(patternText).join(' ')}"`;
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function leafPatterns(leaf: RefLeaf): RefWord[] {
  return leaf.kind === 'word' ? [leaf.word] : leaf.words;
}

/** Start positions of the leaf in field `f`, or none when the leaf is scoped away from it. */
function starts(leaf: RefLeaf, art: MatchableText, f: number): number[] {
  if (!SCOPE_FIELDS[leaf.scope][f]) return [];
  const text = words(art[FIELDS[f]!]);
  const patterns = leafPatterns(leaf);
  const found: number[] = [];
  for (let p = 0; p + patterns.length <= text.length; p++) {
    if (patterns.every((w, i) => (w.prefix ? text[p + i]!.startsWith(w.text) : text[p + i] === w.text))) found.push(p);
  }
  return found;
}

/** Whether this occurrence of `leaf` has an occurrence of one of `others` near it in field `f`. */
function hasPartner(leaf: RefLeaf, start: number, others: RefLeaf[], distance: number, art: MatchableText, f: number): boolean {
  const end = start + leafPatterns(leaf).length - 1;
  return others.some((other) =>
    starts(other, art, f).some((s) => {
      const e = s + leafPatterns(other).length - 1;
      const gap = s > end ? s - end - 1 : start - e - 1;
      return gap >= 0 && gap <= distance;
    }),
  );
}

/** For each field: the leaves of the NEAR that take part in a match there. */
function nearParticipants(node: RefNode & { kind: 'near' }, art: MatchableText): RefLeaf[][] {
  const distance = node.distance ?? DEFAULT_DISTANCE;
  return FIELDS.map((_, f) => {
    const fromLeft = node.left.filter((leaf) => starts(leaf, art, f).some((s) => hasPartner(leaf, s, node.right, distance, art, f)));
    const fromRight = node.right.filter((leaf) => starts(leaf, art, f).some((s) => hasPartner(leaf, s, node.left, distance, art, f)));
    return [...fromLeft, ...fromRight];
  });
}

export function refTest(node: RefNode, art: MatchableText): boolean {
  switch (node.kind) {
    case 'word':
    case 'phrase':
      return FIELDS.some((_, f) => starts(node, art, f).length > 0);
    case 'near':
      return nearParticipants(node, art).some((leaves) => leaves.length > 0);
    case 'and':
      return node.children.every((c) => refTest(c, art));
    case 'or':
      return node.children.some((c) => refTest(c, art));
    case 'not':
      return !refTest(node.child, art);
  }
}

/** The leaves that make `node` evaluate to `value`, recorded when present; value: label → found in the title. */
function refCollect(node: RefNode, value: boolean, art: MatchableText, out: Map<string, boolean>): void {
  const record = (leaf: RefLeaf, inTitle: boolean) => out.set(label(leaf), (out.get(label(leaf)) ?? false) || inTitle);
  switch (node.kind) {
    case 'word':
    case 'phrase':
      if (value) record(node, starts(node, art, 0).length > 0);
      return;
    case 'near':
      if (value) nearParticipants(node, art).forEach((leaves, f) => leaves.forEach((leaf) => record(leaf, f === 0)));
      return;
    case 'not':
      refCollect(node.child, !value, art, out);
      return;
    default:
      for (const child of node.children) if (refTest(child, art) === value) refCollect(child, value, art, out);
  }
}

function positiveLabels(node: RefNode, positive: boolean, out: Set<string>): Set<string> {
  switch (node.kind) {
    case 'word':
    case 'phrase':
      if (positive) out.add(label(node));
      break;
    case 'near':
      if (positive) for (const leaf of [...node.left, ...node.right]) out.add(label(leaf));
      break;
    case 'not':
      positiveLabels(node.child, !positive, out);
      break;
    default:
      for (const child of node.children) positiveLabels(child, positive, out);
  }
  return out;
}

/** What `compileTopics([...]).matchArticle` must report for this query and article. */
export function refMatch(topicId: string, node: RefNode, art: MatchableText): { topicId: string; score: number; matchedTerms: string[] }[] {
  if (!refTest(node, art)) return [];
  const terms = new Map<string, boolean>();
  refCollect(node, true, art, terms);
  let weight = 0;
  for (const inTitle of terms.values()) weight += inTitle ? 2 : 1;
  return [{ topicId, score: weight / (2 * positiveLabels(node, true, new Set()).size), matchedTerms: [...terms.keys()] }];
}

export const EMPTY_ARTICLE: MatchableText = { title: '', summary: '', content: '' };
