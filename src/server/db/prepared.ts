import { type Query, type SQL, type Table, getTableColumns, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { QueryResult } from 'pg';
import type { Database } from './client';

/*
 * The write path's hot statements, built once. Building SQL with drizzle costs more CPU than
 * PostgreSQL takes to run a small statement, and a request makes several: these build their
 * text once per process and are prepared by name once per connection (a proxy in front of
 * PostgreSQL in transaction mode must then support prepared statements: PgBouncer 1.21+).
 */

const dialect = new PgDialect();

/** Values for a statement's `sql.placeholder()`s, by name. */
export type StatementValues = Record<string, unknown>;

/**
 * A statement run on the pool or inside a transaction, whose SQL (with `sql.placeholder`s for
 * its values) is built on first use. Rows come back as PostgreSQL names them, timestamps as
 * text: decode a table's row with `rowFromJson`.
 */
export function preparedStatement<Row extends Record<string, unknown>>(
  name: string,
  build: () => SQL,
): (db: Database, values: StatementValues) => Promise<Row[]> {
  return builtOnce<Row>(name, build);
}

/**
 * As preparedStatement, but unnamed: PostgreSQL plans it at each run, for its values and the
 * table as it is then. For a statement that looks rows up by a list of keys: a generic plan
 * made while the table was small scans all of it, on and on as the table grows.
 */
export function plannedEachRun<Row extends Record<string, unknown>>(
  build: () => SQL,
): (db: Database, values: StatementValues) => Promise<Row[]> {
  return builtOnce<Row>(undefined, build);
}

function builtOnce<Row extends Record<string, unknown>>(
  name: string | undefined,
  build: () => SQL,
): (db: Database, values: StatementValues) => Promise<Row[]> {
  let query: Query | undefined;
  return async (db, values) => {
    query ??= dialect.sqlToQuery(build());
    const prepared = db._.session.prepareQuery(query, undefined, name, false);
    const result = (await prepared.execute(values)) as QueryResult<Row>;
    return result.rows;
  };
}

/**
 * A family of statements told apart by a shape (the columns an update sets, the rows an
 * insert writes), each built and named once per shape.
 */
export function preparedStatements<Shape extends string, Row extends Record<string, unknown>>(
  name: string,
  build: (shape: Shape) => SQL,
): (db: Database, shape: Shape, values: StatementValues) => Promise<Row[]> {
  const byShape = new Map<Shape, ReturnType<typeof preparedStatement<Row>>>();
  return (db, shape, values) => {
    let statement = byShape.get(shape);
    if (!statement) {
      statement = preparedStatement<Row>(`${name}_${byShape.size + 1}`, () => build(shape));
      byShape.set(shape, statement);
    }
    return statement(db, values);
  };
}

/**
 * A drizzle query built once per database handle: `build` makes it with placeholders and
 * `.prepare(name)`. A transaction is a new handle each time, so inside one the query is built
 * for that transaction and runs in it.
 */
export function oncePerDatabase<Q>(build: (db: Database) => Q): (db: Database) => Q {
  const built = new WeakMap<Database, Q>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/** `column = placeholder` for each named field of `table`, for a prepared update. */
export function setClause(table: Table, fields: string[]): SQL {
  const columns = getTableColumns(table);
  const assignments = fields.map((field) => {
    const column = columns[field];
    if (!column) throw new Error(`${field} is not a column`);
    return sql`${sql.identifier(column.name)} = ${sql.placeholder(field)}`;
  });
  return sql.join(assignments, sql`, `);
}

/** A row's values as the driver takes them (dates as text, JSON as text), by field name. */
export function driverValues(table: Table, values: Record<string, unknown>): StatementValues {
  const columns = getTableColumns(table);
  const mapped: StatementValues = {};
  for (const [field, value] of Object.entries(values)) {
    const column = columns[field];
    if (!column) throw new Error(`${field} is not a column`);
    mapped[field] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return mapped;
}

/** The column names of `fields` of `table`, for a prepared insert's column list. */
export function insertColumns(table: Table, fields: readonly string[]): SQL {
  const columns = getTableColumns(table);
  return sql.join(
    fields.map((field) => {
      const column = columns[field];
      if (!column) throw new Error(`${field} is not a column`);
      return sql.identifier(column.name);
    }),
    sql`, `,
  );
}

/**
 * Placeholders for `fields` of `table`, each cast to its column's type (an insert's SELECT
 * list does not take its types from the columns as VALUES does), named `${prefix}${field}`.
 */
export function typedPlaceholders(table: Table, fields: readonly string[], prefix = ''): SQL {
  const columns = getTableColumns(table);
  return sql.join(
    fields.map((field) => {
      const column = columns[field];
      if (!column) throw new Error(`${field} is not a column`);
      return sql`${sql.placeholder(`${prefix}${field}`)}::${sql.raw(column.getSQLType())}`;
    }),
    sql`, `,
  );
}

/**
 * Constants of our own (statuses, codes) as SQL literals, comma separated: a prepared
 * statement must not take a constant as a parameter, or PostgreSQL plans it on every call.
 */
export function sqlLiterals(values: readonly string[]): SQL {
  for (const value of values) {
    if (!/^[a-z0-9_]+$/.test(value)) throw new Error(`${value} is not a plain code`);
  }
  return sql.raw(values.map((value) => `'${value}'`).join(', '));
}
