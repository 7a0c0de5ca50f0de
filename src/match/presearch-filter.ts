/**
 * A topic's presearch conditions (presearch.ts) flattened into numbers, so the index can store them next to the
 * topic in its postings and test them against the article's marks without touching an object.
 */
import type { ClauseTerm, Presearch } from './presearch.js';

/** A mark is `epoch << FIELD_BITS | fields`, and a filter term `pattern << FIELD_BITS | fields`. */
export const FIELD_BITS = 3;
const FIELD_MASK = (1 << FIELD_BITS) - 1;

/**
 * A topic's presearch filter, flattened: [alternatives, (clauses, (terms, term…)…)…], where a term is
 * `pattern << FIELD_BITS | fields` and `pattern` the id `patternOf` gives. Empty: no condition.
 */
export function encodeFilter({ alternatives }: Presearch, patternOf: (term: ClauseTerm) => number): number[] {
  if (alternatives.length === 0) return [];
  const row = [alternatives.length];
  for (const clauses of alternatives) {
    row.push(clauses.length);
    for (const clause of clauses) {
      row.push(clause.length);
      for (const term of clause) row.push((patternOf(term) << FIELD_BITS) | term.fields);
    }
  }
  return row;
}

/** Whether the filter at values[at .. at + length) holds on the marks (by pattern id) of `epoch`. */
export function filterHolds(values: Int32Array, at: number, length: number, marks: Int32Array, epoch: number): boolean {
  if (length === 0) return true;
  for (let alternatives = values[at++]!; alternatives > 0; alternatives--) {
    let holds = true;
    for (let clauses = values[at++]!; clauses > 0; clauses--) {
      const terms = values[at++]!;
      if (holds) {
        let present = false;
        for (let k = at; k < at + terms && !present; k++) {
          const term = values[k]!;
          const mark = marks[term >>> FIELD_BITS]!;
          present = mark >>> FIELD_BITS === epoch && (mark & term & FIELD_MASK) !== 0;
        }
        holds = present;
      }
      at += terms;
    }
    if (holds) return true;
  }
  return false;
}

