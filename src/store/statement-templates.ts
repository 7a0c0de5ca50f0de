import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

type Row = Readonly<Record<string, unknown>>;

interface Template {
  sql: string;
  /** Per parameter: the index of a row value (row * columns + column), or a constant the statement carries. */
  slots: ({ value: number } | { constant: unknown })[];
  columns: readonly string[];
}

/**
 * Statements compiled once per shape. Kysely builds and compiles a statement's whole query tree on every call; for a
 * feed's 50-row, 12-column insert that cost a third as much as SQLite running it, and for the ten small statements
 * each alert makes (~20 us each) more than SQLite's own time. A template is compiled from marker values, once per
 * statement name and row count, and each later call only lays the real values into the parameter slots the markers
 * took. The SQL is Kysely's, so it stays the dialect's own.
 */
export class StatementTemplates {
  private readonly templates = new Map<string, Template | null>();

  /**
   * Runs `build(rows)` as a template: `build` must be the same statement for every call under `name`, and every
   * row must have the same keys in the same order, none of them undefined (Kysely would leave such a column out). Returns the rows a RETURNING clause gives, else none.
   */
  async execute<T extends Row, R>(db: Kysely<any>, name: string, rows: readonly T[], build: (rows: T[]) => Compilable<R>): Promise<R[]> {
    if (rows.length === 0) return [];
    const key = `${name}:${rows.length}`;
    let template = this.templates.get(key);
    if (template === undefined) {
      template = compileTemplate(rows, build);
      this.templates.set(key, template);
    }
    // A statement whose values did not all become parameters cannot be templated: it is built every time.
    if (template === null) return (await db.executeQuery(build([...rows]).compile())).rows as R[];
    const { columns, slots } = template;
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if ('constant' in slot) parameters[i] = slot.constant;
      else parameters[i] = rows[Math.floor(slot.value / columns.length)]![columns[slot.value % columns.length]!];
    }
    return (await db.executeQuery(CompiledQuery.raw(template.sql, parameters))).rows as R[];
  }

  /**
   * A single-row statement (select, update, insert) as a template: every value it binds must come from `values`,
   * each used once; a value `build` takes from elsewhere would be frozen into the template at its first call.
   */
  one<T extends Row, R>(db: Kysely<any>, name: string, values: T, build: (values: T) => Compilable<R>): Promise<R[]> {
    return this.execute(db, name, [values], (rows) => build(rows[0]!));
  }
}

/** A list's items as named values `prefix0`, `prefix1`, … for a template (an IN list or a UNION of one per item). */
export function listValues(prefix: string, items: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  items.forEach((item, i) => (values[`${prefix}${i}`] = item));
  return values;
}

/** The items listValues named, back in order, from a template's values. */
export function listOf(values: Readonly<Record<string, unknown>>, prefix: string, length: number): string[] {
  return Array.from({ length }, (_, i) => values[`${prefix}${i}`] as string);
}

const MARKER = '\u0000newswatch-template-value:';

function compileTemplate<T extends Row>(rows: readonly T[], build: (rows: T[]) => Compilable<unknown>): Template | null {
  const columns = Object.keys(rows[0]!);
  const markerRows = rows.map((_, r) => Object.fromEntries(columns.map((column, c) => [column, `${MARKER}${r * columns.length + c}`])));
  const compiled = build(markerRows as unknown as T[]).compile();
  const seen = new Set<number>();
  let markers = 0;
  const slots = compiled.parameters.map((parameter) => {
    if (typeof parameter !== 'string' || !parameter.startsWith(MARKER)) return { constant: parameter };
    const value = Number(parameter.slice(MARKER.length));
    seen.add(value);
    markers++;
    return { value };
  });
  // Every value must be exactly one parameter: else the statement is built each time (null).
  return markers === seen.size && seen.size === rows.length * columns.length ? { sql: compiled.sql, slots, columns } : null;
}
