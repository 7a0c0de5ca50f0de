/** The article fields a query can look at, and field sets as bit masks (bit i = FIELD_NAMES[i]). */

/** The article fields a query looks at, in the order of their mask bits. */
export const FIELD_NAMES = ['title', 'summary', 'content'] as const;

/** One matchable article field. */
export type FieldName = (typeof FIELD_NAMES)[number];

/** A set of fields as a bit mask, bit i = FIELD_NAMES[i]. */
export type FieldMask = number;

/** Every field. */
export const ALL_FIELDS: FieldMask = (1 << FIELD_NAMES.length) - 1;

/** The mask of one field. */
export function fieldBit(field: FieldName): FieldMask {
  return 1 << FIELD_NAMES.indexOf(field);
}

/** The field scopes a query may write before an operand: `title:` is the headline, `text:` the summary and body. */
export const FIELD_SCOPES: ReadonlyMap<string, FieldMask> = new Map([
  ['title', fieldBit('title')],
  ['text', fieldBit('summary') | fieldBit('content')],
]);
