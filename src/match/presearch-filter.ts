/**
 * A topic's presearch conditions (presearch.ts) flattened into numbers, so the index can store them next to the
 * topic in its postings and test them against the article's marks without touching an object.
 */
import type { Int32Builder } from './int32-builder.js';
import type { ClauseTerm, Presearch } from './presearch.js';

/** A filter term is `pattern << FIELD_BITS | fields`. */
export const FIELD_BITS = 3;
export const FIELD_MASK = (1 << FIELD_BITS) - 1;

/**
 * Appends a topic's presearch filter to `out` after its length, flattened: [alternatives, (clauses, (terms,
 * term…)…)…], where a term is `pattern << FIELD_BITS | fields` and `pattern` the id `patternOf` gives. Length 0: no
 * condition.
 */
export function encodeFilter({ alternatives }: Presearch, patternOf: (term: ClauseTerm) => number, out: Int32Builder): void {
  const header = out.length;
  out.push(0);
  if (alternatives.length > 0) pushAlternatives(alternatives, patternOf, out);
  out.values[header] = out.length - header - 1;
}

function pushAlternatives(alternatives: Presearch['alternatives'], patternOf: (term: ClauseTerm) => number, out: Int32Builder): void {
  out.push(alternatives.length);
  for (const clauses of alternatives) {
    out.push(clauses.length);
    for (const clause of clauses) {
      out.push(clause.length);
      for (const term of clause) out.push((patternOf(term) << FIELD_BITS) | term.fields);
    }
  }
}

/** Whether the filter `encodeFilter` wrote at `at` holds on the marks. */
export function filterHoldsAt(values: Int32Array, at: number, marks: Uint8Array): boolean {
  return filterHolds(values, at + 1, values[at]!, marks);
}

/** Whether the filter at values[at .. at + length) holds on the marks: the fields where each pattern id is present. */
export function filterHolds(values: Int32Array, at: number, length: number, marks: Uint8Array): boolean {
  if (length === 0) return true;
  for (let alternatives = values[at++]!; alternatives > 0; alternatives--) {
    let holds = true;
    for (let clauses = values[at++]!; clauses > 0; clauses--) {
      const terms = values[at++]!;
      if (holds) {
        let present = false;
        for (let k = at; k < at + terms && !present; k++) {
          const term = values[k]!;
          present = (marks[term >>> FIELD_BITS]! & term & FIELD_MASK) !== 0;
        }
        holds = present;
      }
      at += terms;
    }
    if (holds) return true;
  }
  return false;
}

