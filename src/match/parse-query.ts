/**
 * The topic query language (user documentation: docs/query-language.md).
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*          adjacent operands are ANDed
 *   unary   := ("NOT" | "-") unary | primary    "-" must touch its operand: -word, -"phrase", -(…)
 *   primary := word | "phrase" | "(" or ")"
 *
 * Precedence NOT > AND > OR. Only the uppercase words AND, OR, NOT are operators; `and` is an ordinary word.
 * A word or phrase is folded by `tokenize` exactly like article text, so it becomes a sequence of normalised
 * words that must appear consecutively in one field: `abraham-accords` and `"Abraham Accords"` mean the same.
 * A trailing `*` makes the last word a prefix (`join*`, `"abraham accord*"`).
 *
 * A query must not match an article that contains none of its words (`NOT honda`, `a OR -b`): such a topic would
 * alert on almost everything, so it is rejected like a syntax error. Every error carries a 1-based column.
 */
import { QueryError } from './query-error.js';
import { tokenize } from './normalize-text.js';

/** One normalised word of a term or phrase; `prefix` when written with a trailing `*`. */
export interface WordPattern {
  readonly text: string;
  readonly prefix: boolean;
}

/** An unquoted word as written; it may fold into several consecutive words (`covid-19` → covid, 19). */
export interface TermNode {
  readonly kind: 'term';
  /** As written, lowercased: what `TopicMatch.matchedTerms` reports. */
  readonly label: string;
  readonly words: readonly WordPattern[];
  readonly column: number;
}

/** A quoted phrase: consecutive words in one field. */
export interface PhraseNode {
  readonly kind: 'phrase';
  /** As written, lowercased, in double quotes, inner whitespace collapsed: `"abraham accords"`. */
  readonly label: string;
  readonly words: readonly WordPattern[];
  readonly column: number;
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

/** A parsed query. */
export type QueryNode = LeafNode | AndNode | OrNode | NotNode;

type TokenType = 'word' | 'phrase' | 'and' | 'or' | 'not' | 'minus' | 'lparen' | 'rparen' | 'end';

interface Token {
  type: TokenType;
  /** UTF-16 index in the query. */
  index: number;
  /** The word, the phrase content, or the operator as written. */
  text: string;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
]);
/** Deeper nesting is surely not a hand-written query, and recursion must stay far from the stack limit. */
const MAX_DEPTH = 100;
const SPACE = /\s/;
const WORD_END = /[\s()"]/;

class QueryParser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;

  constructor(private readonly query: string) {
    this.tokens = this.lex();
  }

  private fail(reason: string, index: number): never {
    throw new QueryError(reason, this.query, this.column(index));
  }

  /** 1-based column in code points, so an emoji before the problem does not shift the caret. */
  private column(index: number): number {
    return [...this.query.slice(0, index)].length + 1;
  }

  private lex(): Token[] {
    const q = this.query;
    const tokens: Token[] = [];
    let i = 0;
    while (i < q.length) {
      const c = q.charAt(i);
      if (SPACE.test(c)) {
        i++;
      } else if (c === '(' || c === ')') {
        tokens.push({ type: c === '(' ? 'lparen' : 'rparen', index: i, text: c });
        i++;
      } else if (c === '"') {
        const close = q.indexOf('"', i + 1);
        if (close === -1) this.fail('unterminated quote: the phrase has no closing "', i);
        tokens.push({ type: 'phrase', index: i, text: q.slice(i + 1, close) });
        i = close + 1;
      } else if (c === '-') {
        const next = q.charAt(i + 1);
        if (next === '' || next === ')' || SPACE.test(next)) {
          this.fail("'-' must be directly followed by a word, a phrase or '('", i);
        }
        tokens.push({ type: 'minus', index: i, text: c });
        i++;
      } else {
        let end = i + 1;
        while (end < q.length && !WORD_END.test(q.charAt(end))) end++;
        const text = q.slice(i, end);
        tokens.push({ type: KEYWORDS.get(text) ?? 'word', index: i, text });
        i = end;
      }
    }
    tokens.push({ type: 'end', index: q.length, text: '' });
    return tokens;
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

  private static startsOperand(token: Token): boolean {
    return ['word', 'phrase', 'lparen', 'not', 'minus'].includes(token.type);
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
    if (!QueryParser.startsOperand(this.peek())) this.fail(`'${operator.text}' needs a term after it`, operator.index);
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
    const children = [this.parseUnary()];
    for (;;) {
      const token = this.peek();
      if (token.type === 'and') {
        this.expectOperandAfter(this.next());
      } else if (!QueryParser.startsOperand(token)) {
        break;
      }
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children, column: children[0]!.column };
  }

  private parseUnary(): QueryNode {
    const token = this.peek();
    if (token.type !== 'not' && token.type !== 'minus') return this.parsePrimary();
    this.next();
    this.expectOperandAfter(token);
    this.enter(token);
    const child = this.parseUnary();
    this.depth--;
    return { kind: 'not', child, column: this.column(token.index) };
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
        return this.fail(`'${token.text}' needs a term before it`, token.index);
      case 'rparen':
        return this.fail("')' has no matching '('", token.index);
      default:
        // Unreachable: a blank query, '(' before the end and NOT/'-' are all handled before we get here.
        return this.fail('a term is missing here', token.index);
    }
  }

  private term(token: Token): TermNode {
    return {
      kind: 'term',
      label: token.text.toLowerCase(),
      words: this.patterns(token.text, token.index, false),
      column: this.column(token.index),
    };
  }

  private phrase(token: Token): PhraseNode {
    const contentStart = token.index + 1;
    const raws = [...token.text.matchAll(/\S+/g)];
    const words = raws.flatMap((raw) => this.patterns(raw[0], contentStart + raw.index, true));
    if (words.length === 0) this.fail('empty phrase: it has no letters or digits', token.index);
    return {
      kind: 'phrase',
      label: `"${raws.map((raw) => raw[0]).join(' ').toLowerCase()}"`,
      words,
      column: this.column(token.index),
    };
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
