/**
 * The presearcher (the idea of Lucene Monitor): what an article must contain for a query to have a chance, as
 * clauses of word patterns — every clause needs one of its patterns present, in one of its fields. A leaf needs
 * each of its words; an AND needs the clauses of all its children; an OR needs one clause made of a clause from
 * each branch; NOT turns AND and OR around (De Morgan), and a negated leaf or NEAR needs nothing. A query that is
 * an OR keeps its branches apart as alternatives, so `(a b) OR (c d)` is not reduced to "a or c".
 *
 * The index files a topic under the patterns of its most selective clause (`anchor`) and evaluates it only when
 * one alternative has all its clauses present. A query that matches no empty article always has an anchor.
 */
import type { FieldMask } from './fields.js';
import type { QueryNode, WordPattern } from './query-ast.js';

/** A pattern present in one of `fields`. */
export interface ClauseTerm {
  readonly pattern: WordPattern;
  readonly fields: FieldMask;
}

/** Terms at least one of which must be present. */
export type Clause = readonly ClauseTerm[];

/** What the index needs of one query. */
export interface Presearch {
  /** The most selective clause: the topic is a candidate when one of these terms is present; undefined: always. */
  readonly anchor: Clause | undefined;
  /** The query can match only if all clauses of one alternative hold; empty: no condition. */
  readonly alternatives: readonly (readonly Clause[])[];
}

/** First code point of the CJK blocks: there one character carries about as much as a short word elsewhere. */
const CJK_START = 0x2e80;
const CJK_CHAR_WEIGHT = 3;
/** A prefix fires for every word it starts, so it counts as a shorter word. */
const PREFIX_PENALTY = 1.5;

/** Selectivity guess without corpus statistics: longer words are rarer (Zipf's law of abbreviation). */
export function patternWeight(pattern: WordPattern): number {
  let weight = 0;
  for (let i = 0; i < pattern.text.length; i++) weight += pattern.text.charCodeAt(i) >= CJK_START ? CJK_CHAR_WEIGHT : 1;
  return pattern.prefix ? weight - PREFIX_PENALTY : weight;
}

/** How selective a clause is: its least selective pattern decides how often it fires; more patterns fire more. */
function clauseWeight(clause: Clause): number {
  let weight = Infinity;
  for (const term of clause) weight = Math.min(weight, patternWeight(term.pattern));
  return weight - Math.log2(clause.length);
}

function bestClause(clauses: readonly Clause[]): Clause | undefined {
  let best: Clause | undefined;
  let bestWeight = -Infinity;
  for (const clause of clauses) {
    const weight = clauseWeight(clause);
    if (weight > bestWeight) [best, bestWeight] = [clause, weight];
  }
  return best;
}

/** One clause for "some child holds": the best clause of each child, joined; none when some child needs nothing. */
function eitherOf(children: readonly (readonly Clause[])[]): Clause[] {
  const joined: ClauseTerm[] = [];
  for (const clauses of children) {
    const best = bestClause(clauses);
    if (best === undefined) return [];
    joined.push(...best);
  }
  return [joined];
}

function clausesOf(node: QueryNode, positive: boolean): Clause[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return positive ? node.words.map((pattern) => [{ pattern, fields: node.fields }]) : [];
    case 'near': {
      if (!positive) return [];
      const side = (leaves: typeof node.left) => eitherOf(leaves.map((leaf) => clausesOf(leaf, true)));
      return [...side(node.left), ...side(node.right)];
    }
    case 'not':
      return clausesOf(node.child, !positive);
    case 'and':
    case 'or': {
      const children = node.children.map((child) => clausesOf(child, positive));
      // An AND that must hold, or an OR that must fail, needs every child to agree.
      return (node.kind === 'and') === positive ? children.flat() : eitherOf(children);
    }
  }
}

/** The presearch conditions of a query. */
export function presearch(query: QueryNode): Presearch {
  const branches = query.kind === 'or' ? query.children : [query];
  const alternatives = branches.map((branch) => clausesOf(branch, true));
  // A branch with no condition can match anything the presearch would look at: the topic is always a candidate.
  if (alternatives.some((clauses) => clauses.length === 0)) return { anchor: undefined, alternatives: [] };
  return { anchor: eitherOf(alternatives)[0], alternatives };
}
