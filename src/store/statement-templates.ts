import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

type Row = Readonly<Record<string, unknown>>;

/** Where a parameter's value comes from: a row's field (an item of it when the field is a list), or a constant. */
type Slot = { row: number; column: string; item: number } | { constant: unknown };

interface Template {
  sql: string;
  slots: Slot[];
}

/**
 * Statements compiled once per shape. Kysely builds and compiles a statement's whole query tree on every call; for a
 * feed's 50-row, 12-column insert that cost a third as much as SQLite running it, and for the ten small statements
 * each alert makes (~20 us each) more than SQLite's own time. A template is compiled from marker values, once per
 * statement name, row count and list lengths, and each later call only lays the real values into the parameter
 * slots the markers took. The SQL is Kysely's, so it stays the dialect's own.
 *
 * A field may hold a list of values (for an IN list, or a UNION of one branch per item): each item is then a marker
 * of its own, and the list's length is part of the template's shape.
 */
export class StatementTemplates {
  private readonly templates = new Map<string, Template | null>();

  /**
   * Runs `build(rows)` as a template: `build` must be the same statement for every call under `name`, every row
   * must have the same keys, none of them undefined (Kysely would leave such a column out), and every value `build`
   * binds must come from the rows, each used once: a value taken from elsewhere would be frozen into the template
   * at its first call. Returns the rows a RETURNING clause gives, else none.
   */
  async execute<T extends Row, R>(db: Kysely<any>, name: string, rows: readonly T[], build: (rows: T[]) => Compilable<R>): Promise<R[]> {
    if (rows.length === 0) return [];
    const key = shapeKey(name, rows);
    let template = this.templates.get(key);
    if (template === undefined) {
      template = compileTemplate(rows, build);
      this.templates.set(key, template);
    }
    // A statement whose values did not all become parameters cannot be templated: it is built every time.
    if (template === null) return (await db.executeQuery(build([...rows]).compile())).rows as R[];
    const { slots } = template;
    const parameters = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if ('constant' in slot) parameters[i] = slot.constant;
      else {
        const value = rows[slot.row]![slot.column];
        parameters[i] = slot.item < 0 ? value : (value as readonly unknown[])[slot.item];
      }
    }
    return (await db.executeQuery(CompiledQuery.raw(template.sql, parameters))).rows as R[];
  }

  /** A single-row statement (select, update, insert) as a template, under the rules of `execute`. */
  one<T extends Row, R>(db: Kysely<any>, name: string, values: T, build: (values: T) => Compilable<R>): Promise<R[]> {
    return this.execute(db, name, [values], (rows) => build(rows[0]!));
  }
}

/** The name, the row count and the length of every list field (lists appear in single-row statements). */
function shapeKey(name: string, rows: readonly Row[]): string {
  let key = `${name}:${rows.length}`;
  if (rows.length === 1) for (const value of Object.values(rows[0]!)) if (Array.isArray(value)) key += `:${value.length}`;
  return key;
}

const MARKER = '\u0000newswatch-template-value:';

function compileTemplate<T extends Row>(rows: readonly T[], build: (rows: T[]) => Compilable<unknown>): Template | null {
  const columns = Object.keys(rows[0]!);
  // The shape key counts list lengths of single-row statements only: rows of lists are built every time.
  if (rows.length > 1 && rows.some((row) => columns.some((column) => Array.isArray(row[column])))) return null;
  const places: { row: number; column: string; item: number }[] = [];
  const marker = (row: number, column: string, item: number) => `${MARKER}${places.push({ row, column, item }) - 1}`;
  const markerRows = rows.map((values, r) =>
    Object.fromEntries(
      columns.map((column) => {
        const value = values[column];
        return [column, Array.isArray(value) ? value.map((_, i) => marker(r, column, i)) : marker(r, column, -1)];
      }),
    ),
  );
  const compiled = build(markerRows as unknown as T[]).compile();
  const seen = new Set<number>();
  let markers = 0;
  const slots = compiled.parameters.map((parameter): Slot => {
    if (typeof parameter !== 'string' || !parameter.startsWith(MARKER)) return { constant: parameter };
    const place = Number(parameter.slice(MARKER.length));
    seen.add(place);
    markers++;
    return places[place]!;
  });
  // Every value must be exactly one parameter: else the statement is built each time (null).
  return markers === seen.size && seen.size === places.length ? { sql: compiled.sql, slots } : null;
}
