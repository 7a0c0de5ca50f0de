import { NewswatchError } from '../errors.js';

/** A topic query that does not parse, with the 1-based column (in characters) of the problem. */
export class QueryError extends NewswatchError {
  /** 1-based column, counted in characters (code points) of `query`. */
  readonly column: number;
  readonly query: string;
  /** The problem without its position, e.g. `unterminated quote`. */
  readonly reason: string;

  constructor(reason: string, query: string, column: number) {
    super('QUERY_INVALID', `${reason} at column ${column}`);
    this.name = 'QueryError';
    this.reason = reason;
    this.query = query;
    this.column = column;
  }

  /** Three lines: the message (prefixed with the topic id when given), the query, and a caret under the column. */
  format(topicId?: string): string {
    const head = topicId === undefined ? this.message : `topic ${topicId}: ${this.message}`;
    // A query written as a YAML block scalar can hold newlines or tabs; one space each keeps the caret aligned.
    const shown = this.query.replace(/\s/g, ' ');
    return `${head}\n  ${shown}\n  ${' '.repeat(this.column - 1)}^`;
  }
}

/** 1-based column in code points of UTF-16 `index`, so an emoji before the problem does not shift the caret. */
export function queryColumn(query: string, index: number): number {
  let column = index + 1;
  for (let i = 0; i < index; i++) {
    const code = query.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0 && query.charCodeAt(i - 1) >= 0xd800 && query.charCodeAt(i - 1) <= 0xdbff) column--;
  }
  return column;
}

/** Throws the QueryError for a problem at UTF-16 `index` of `query`. */
export function failAt(query: string, index: number, reason: string): never {
  throw new QueryError(reason, query, queryColumn(query, index));
}
