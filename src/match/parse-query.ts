/**
 * The topic query language (user documentation: docs/query-language.md).
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := near (["AND"] near)*              adjacent operands are ANDed
 *   near    := unary [("NEAR" | "NEAR/n") unary]  not chained; each side a leaf or an (… OR …) group of leaves
 *   unary   := ("NOT" | "-") unary | scoped       "-" must touch its operand: -word, -"phrase", -(…)
 *   scoped  := ["title:" | "text:"] primary       the scope must touch its operand
 *   primary := word | "phrase" | "(" or ")"
 *
 * Precedence NOT > NEAR > AND > OR. Only the uppercase words AND, OR, NOT, NEAR are operators; `and` is a word.
 * A word or phrase is folded by `tokenize` exactly like article text, so it becomes a sequence of normalised
 * words that must appear consecutively in one field: `abraham-accords` and `"Abraham Accords"` mean the same,
 * and a Chinese word becomes the phrase of its segments. A trailing `*` makes the last word a prefix.
 * A field scope is pushed down to the leaves it covers (`LeafNode.fields`), so evaluation needs no scope node.
 *
 * A query must not match an article that contains none of its words (`NOT honda`, `a OR -b`): such a topic would
 * alert on almost everything, so it is rejected like a syntax error. Every error carries a 1-based column.
 */
import { ALL_FIELDS } from './fields.js';
import type { FieldMask } from './fields.js';
import { lexQuery } from './lex-query.js';
import type { Token } from './lex-query.js';
import type { LeafNode, NearNode, PhraseNode, QueryNode, TermNode, WordPattern } from './query-ast.js';
import { failAt, queryColumn, QueryError } from './query-error.js';
import { tokenize } from './tokenize.js';

/** Deeper nesting is surely not a hand-written query, and recursion must stay far from the stack limit. */
const MAX_DEPTH = 100;
const OPERAND_STARTS = new Set(['word', 'phrase', 'lparen', 'not', 'minus', 'field']);

class QueryParser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;
  private scope: FieldMask = ALL_FIELDS;
  private leafCount = 0;

  constructor(private readonly query: string) {
    this.tokens = lexQuery(query);
  }

  private fail(reason: string, index: number): never {
    failAt(this.query, index, reason);
  }

  private column(index: number): number {
    return queryColumn(this.query, index);
  }

  private peek(): Token {
    // The lexer always ends the list with an 'end' token, and `next` never moves past it.
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.pos++;
    return token;
  }

  parse(): QueryNode {
    if (this.query.trim() === '') this.fail('query is empty', 0);
    const root = this.parseOr();
    const rest = this.peek();
    // parseOr stops only at the end or at a ')' it did not open.
    if (rest.type !== 'end') this.fail("')' has no matching '('", rest.index);
    return root;
  }

  private expectOperandAfter(operator: Token): void {
    if (!OPERAND_STARTS.has(this.peek().type)) this.fail(`'${operator.text}' needs a term after it`, operator.index);
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek().type === 'or') {
      this.expectOperandAfter(this.next());
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children, column: children[0]!.column };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseNear()];
    for (;;) {
      const token = this.peek();
      if (token.type === 'and') {
        this.expectOperandAfter(this.next());
      } else if (!OPERAND_STARTS.has(token.type)) {
        break;
      }
      children.push(this.parseNear());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children, column: children[0]!.column };
  }

  private parseNear(): QueryNode {
    const left = this.parseUnary();
    const operator = this.peek();
    if (operator.type !== 'near') return left;
    this.next();
    this.expectOperandAfter(operator);
    const right = this.parseUnary();
    const chained = this.peek();
    if (chained.type === 'near') this.fail("'NEAR' cannot be chained: write (a NEAR b) AND (b NEAR c)", chained.index);
    const node: NearNode = {
      kind: 'near',
      left: this.nearSide(left),
      right: this.nearSide(right),
      distance: operator.value,
      column: left.column,
    };
    const union = (leaves: readonly LeafNode[]) => leaves.reduce((mask, leaf) => mask | leaf.fields, 0);
    if ((union(node.left) & union(node.right)) === 0) {
      this.fail("the two sides of 'NEAR' are limited to different fields, so they can never be near each other", operator.index);
    }
    return node;
  }

  /** The leaves of one side of a NEAR: a word, a phrase, or an (… OR …) group of them. */
  private nearSide(node: QueryNode, out: LeafNode[] = []): LeafNode[] {
    switch (node.kind) {
      case 'term':
      case 'phrase':
        out.push(node);
        return out;
      case 'or':
        for (const child of node.children) this.nearSide(child, out);
        return out;
      case 'near':
        throw new QueryError("'NEAR' cannot be chained: write (a NEAR b) AND (b NEAR c)", this.query, node.column);
      case 'not':
        throw new QueryError("'NEAR' cannot join a negation: negate the whole NEAR instead, as in -(a NEAR b)", this.query, node.column);
      case 'and':
        throw new QueryError(
          "'NEAR' joins words, prefixes, phrases or an (… OR …) group of them, not an AND group",
          this.query,
          node.column,
        );
    }
  }

  private parseUnary(): QueryNode {
    const token = this.peek();
    if (token.type !== 'not' && token.type !== 'minus') return this.parseScoped();
    this.next();
    this.expectOperandAfter(token);
    this.enter(token);
    const child = this.parseUnary();
    this.depth--;
    return { kind: 'not', child, column: this.column(token.index) };
  }

  private parseScoped(): QueryNode {
    const token = this.peek();
    if (token.type !== 'field') return this.parsePrimary();
    this.next();
    const operand = this.peek();
    const touching = operand.index === token.index + token.text.length;
    if (!touching || !['word', 'phrase', 'lparen'].includes(operand.type)) {
      this.fail(`'${token.text}' must be directly followed by a word, a phrase or '('`, token.index);
    }
    const outer = this.scope;
    this.scope &= token.value;
    if (this.scope === 0) this.fail(`'${token.text}' inside another field scope can never match`, token.index);
    const node = this.parsePrimary();
    this.scope = outer;
    return node;
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail('query is nested too deeply', token.index);
  }

  private parsePrimary(): QueryNode {
    const token = this.next();
    switch (token.type) {
      case 'word':
        return this.term(token);
      case 'phrase':
        return this.phrase(token);
      case 'lparen': {
        const first = this.peek().type;
        if (first === 'rparen') this.fail("empty parentheses '()'", token.index);
        if (first === 'end') this.fail("'(' is never closed: add the matching ')'", token.index);
        this.enter(token);
        const inner = this.parseOr();
        this.depth--;
        if (this.next().type !== 'rparen') this.fail("'(' is never closed: add the matching ')'", token.index);
        return inner;
      }
      case 'and':
      case 'or':
      case 'near':
        return this.fail(`'${token.text}' needs a term before it`, token.index);
      case 'rparen':
        return this.fail("')' has no matching '('", token.index);
      default:
        // Unreachable: a blank query, '(' before the end, NOT/'-' and scopes are all handled before we get here.
        return this.fail('a term is missing here', token.index);
    }
  }

  private term(token: Token): TermNode {
    const words = this.patterns(token.text, token.index, false);
    const column = this.column(token.index);
    return { kind: 'term', label: token.text.toLowerCase(), words, fields: this.scope, index: this.leafCount++, column };
  }

  private phrase(token: Token): PhraseNode {
    const contentStart = token.index + 1;
    const raws: string[] = [];
    const words: WordPattern[] = [];
    for (const raw of token.text.matchAll(/\S+/g)) {
      raws.push(raw[0]);
      words.push(...this.patterns(raw[0], contentStart + raw.index, true));
    }
    if (words.length === 0) this.fail('empty phrase: it has no letters or digits', token.index);
    const label = `"${raws.join(' ').toLowerCase()}"`;
    const column = this.column(token.index);
    return { kind: 'phrase', label, words, fields: this.scope, index: this.leafCount++, column };
  }

  /** Folds one whitespace-free piece of a query into word patterns. */
  private patterns(raw: string, index: number, inPhrase: boolean): WordPattern[] {
    const prefix = raw.endsWith('*');
    const body = prefix ? raw.slice(0, -1) : raw;
    const innerStar = body.indexOf('*');
    if (innerStar !== -1) this.fail("'*' is only allowed once, at the end of a word", index + innerStar);
    const words = tokenize(body);
    if (words.length === 0) {
      if (prefix) this.fail("'*' must follow letters or digits, as in join*", index + raw.length - 1);
      // Inside a phrase, punctuation separates words like it does in the text ("rock & roll").
      if (inPhrase) return [];
      this.fail(`'${raw}' has no letters or digits to match`, index);
    }
    return words.map((text, i) => ({ text, prefix: prefix && i === words.length - 1 }));
  }
}

/** True when the query would match an article that contains none of its words. */
function matchesEmptyText(node: QueryNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'phrase':
    case 'near':
      return false;
    case 'not':
      return !matchesEmptyText(node.child);
    case 'and':
      return node.children.every(matchesEmptyText);
    case 'or':
      return node.children.some(matchesEmptyText);
  }
}

/** The column of the NOT that lets `node` (which matches empty text) match without any of its words. */
function negationAtFault(node: QueryNode): number {
  switch (node.kind) {
    case 'and':
      return negationAtFault(node.children[0]!);
    case 'or':
      return negationAtFault(node.children.find(matchesEmptyText)!);
    default:
      return node.column;
  }
}

/**
 * Parses a topic query.
 * @throws QueryError with the column of the problem (syntax, or a query with no positive term).
 */
export function parseQuery(query: string): QueryNode {
  const root = new QueryParser(query).parse();
  if (matchesEmptyText(root)) {
    const onlyNegations = root.kind === 'not' || (root.kind === 'and' && root.children.every((c) => c.kind === 'not'));
    const reason = onlyNegations
      ? 'a query needs at least one positive term'
      : 'a query needs at least one positive term: this negation alone matches almost every article (use AND NOT)';
    throw new QueryError(reason, query, negationAtFault(root));
  }
  return root;
}
