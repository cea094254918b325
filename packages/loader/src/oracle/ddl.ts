/**
 * DDL for everything the Oracle sink owns, as pure functions of the validated names (unit-tested
 * as text; executed by schema.ts).
 *
 * Types (see schema.ts for the logical types):
 * - decimal → NUMBER(38,12): exact; the loader already rejects values with more digits.
 * - timestamp → TIMESTAMP(3), holding UTC wall-clock time. Not WITH TIME ZONE: every value is UTC,
 *   and a plain TIMESTAMP never shifts with the session or database time zone.
 * - json → CLOB with an `IS JSON` check. The native JSON type (21c+) stores binary OSON and
 *   hands back re-serialised text; a CLOB keeps the report's JSON byte for byte, has no 4,000-byte
 *   limit (unlike Oracle's own loader's VARCHAR2(4000) Tags) and works on 19c and 23ai alike.
 * - varchar → VARCHAR2(n CHAR); text → CLOB; integer → NUMBER(19).
 */
import {
  CANONICAL_COLUMNS,
  type ColumnDef,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  LEDGER_COLUMNS,
  REJECT_COLUMNS,
} from '../schema.js'
import type { OracleNames } from './names.js'
import { quoteIdentifier as q } from './names.js'

/** The Oracle column type of a canonical column. */
export function oracleColumnType(column: ColumnDef): string {
  switch (column.type) {
    case 'decimal':
      return `NUMBER(${DECIMAL_PRECISION},${DECIMAL_SCALE})`
    case 'timestamp':
      return 'TIMESTAMP(3)'
    case 'varchar':
      return `VARCHAR2(${column.length ?? 4000} CHAR)`
    case 'json':
    case 'text':
      return 'CLOB'
    case 'integer':
      return 'NUMBER(19)'
  }
}

function columnLines(columns: readonly ColumnDef[]): string[] {
  const lines = columns.map((c) => `  ${q(c.name)} ${oracleColumnType(c)}${c.nullable ? '' : ' NOT NULL'}`)
  for (const c of columns) {
    if (c.type === 'json') lines.push(`  CHECK (${q(c.name)} IS JSON)`)
  }
  return lines
}

/**
 * Monthly interval partitions on CHARGE_PERIOD_START: a month's rows sit together (OAC filters by
 * period; old months can be compressed or dropped per partition). Rows before 2000 land in the
 * first partition. ChargePeriodStart is mandatory in FOCUS; the sink rejects a NULL one before
 * inserting, since no interval partition can hold it (ORA-14400).
 */
export const PARTITION_CLAUSE =
  `PARTITION BY RANGE (${q('CHARGE_PERIOD_START')}) INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'))\n` +
  `(PARTITION ${q('P_BEFORE_2000')} VALUES LESS THAN (TIMESTAMP '2000-01-01 00:00:00'))`

/** The canonical table; `partitioned: false` is the fallback where Partitioning is not enabled. */
export function createTableSql(names: OracleNames, options: { partitioned: boolean }): string {
  const body = `CREATE TABLE ${q(names.table)} (\n${columnLines(CANONICAL_COLUMNS).join(',\n')}\n)`
  return options.partitioned ? `${body}\n${PARTITION_CLAUSE}` : body
}

/** Serves the per-file DELETE of a reload and the tag view's join. */
export function createTableFileIndexSql(names: OracleNames): string {
  return `CREATE INDEX ${q(names.tableFileIndex)} ON ${q(names.table)} (${q('SOURCE_FILE')}, ${q('SOURCE_LINE')})`
}

/** One row per source file; SOURCE_FILE is the key (a reload replaces the row). */
export function createLedgerSql(names: OracleNames): string {
  const lines = columnLines(LEDGER_COLUMNS)
  lines.push(`  CONSTRAINT ${q(names.ledgerPrimaryKey)} PRIMARY KEY (${q('SOURCE_FILE')})`)
  return `CREATE TABLE ${q(names.ledger)} (\n${lines.join(',\n')}\n)`
}

export function createRejectsSql(names: OracleNames): string {
  return `CREATE TABLE ${q(names.rejects)} (\n${columnLines(REJECT_COLUMNS).join(',\n')}\n)`
}

export function createRejectsFileIndexSql(names: OracleNames): string {
  return `CREATE INDEX ${q(names.rejectsFileIndex)} ON ${q(names.rejects)} (${q('SOURCE_FILE')})`
}

/** Longest TAG_KEY / TAG_VALUE in bytes: VARCHAR2's limit under MAX_STRING_SIZE = STANDARD. */
export const TAG_TEXT_MAX_BYTES = 4000

/**
 * Oracle SQL has no row source that yields an object's KEYS: JSON_TABLE iterates arrays (NESTED
 * PATH) and named paths, JSON_DATAGUIDE is an aggregate, JSON_OBJECT_T.GET_KEYS is PL/SQL. So the
 * sink explodes Tags itself while loading and stores the pairs here, in the same transaction as
 * the rows. This works on every version (19c, 23ai, Free), keeps the tag view a plain indexed join
 * that OAC can group by, and costs one extra array insert per batch. The Tags CLOB stays the
 * source of truth; a key or value longer than 4,000 bytes is cut here at a character boundary and
 * flagged TAG_TRUNCATED = 'Y' (OCI caps tag values at 256 characters, so this is theoretical).
 */
export function createTagPairsSql(names: OracleNames): string {
  return [
    `CREATE TABLE ${q(names.tagPairs)} (`,
    `  ${q('SOURCE_FILE')} VARCHAR2(1024 CHAR) NOT NULL,`,
    `  ${q('SOURCE_LINE')} NUMBER(19) NOT NULL,`,
    `  ${q('TAG_KEY')} VARCHAR2(${TAG_TEXT_MAX_BYTES} BYTE) NOT NULL,`,
    `  ${q('TAG_VALUE')} VARCHAR2(${TAG_TEXT_MAX_BYTES} BYTE),`,
    `  ${q('TAG_TRUNCATED')} CHAR(1) NOT NULL`,
    `)`,
  ].join('\n')
}

export function createTagPairsFileIndexSql(names: OracleNames): string {
  return `CREATE INDEX ${q(names.tagPairsFileIndex)} ON ${q(names.tagPairs)} (${q('SOURCE_FILE')}, ${q('SOURCE_LINE')})`
}

/** The dimensions of the daily and monthly views, in output order. */
export const COST_VIEW_DIMENSIONS = [
  'PROVIDER_NAME',
  'SERVICE_CATEGORY',
  'SERVICE_NAME',
  'REGION_ID',
  'SUB_ACCOUNT_ID',
  'SUB_ACCOUNT_NAME',
  'OCI_COMPARTMENT_ID',
  'OCI_COMPARTMENT_NAME',
  'BILLING_CURRENCY',
] as const

function costViewSql(view: string, table: string, periodColumn: string, periodExpression: string): string {
  const dims = COST_VIEW_DIMENSIONS.map((d) => q(d))
  return [
    `CREATE OR REPLACE VIEW ${q(view)} AS`,
    `SELECT ${periodExpression} AS ${q(periodColumn)},`,
    ...dims.map((d) => `  ${d},`),
    `  SUM(${q('BILLED_COST')}) AS ${q('BILLED_COST')},`,
    `  SUM(${q('EFFECTIVE_COST')}) AS ${q('EFFECTIVE_COST')},`,
    `  SUM(${q('LIST_COST')}) AS ${q('LIST_COST')},`,
    `  COUNT(*) AS ${q('ROW_COUNT')}`,
    `FROM ${q(table)}`,
    `GROUP BY ${periodExpression}, ${dims.join(', ')}`,
  ].join('\n')
}

/** Cost per UTC day (a DATE, from ChargePeriodStart) and dimension. */
export function createDailyViewSql(names: OracleNames): string {
  return costViewSql(names.dailyView, names.table, 'CHARGE_DATE', `TRUNC(${q('CHARGE_PERIOD_START')})`)
}

/** Cost per month (a DATE on the 1st, from ChargePeriodStart) and dimension. */
export function createMonthlyViewSql(names: OracleNames): string {
  return costViewSql(
    names.monthlyView,
    names.table,
    'CHARGE_MONTH',
    `TRUNC(${q('CHARGE_PERIOD_START')}, 'MM')`,
  )
}

/** Tags exploded to one row per (charge row, key) with the row's dimensions and costs. */
export function createTagsViewSql(names: OracleNames): string {
  const rowColumns = [
    'CHARGE_PERIOD_START',
    'PROVIDER_NAME',
    'SERVICE_NAME',
    'REGION_ID',
    'SUB_ACCOUNT_ID',
    'OCI_COMPARTMENT_ID',
    'OCI_COMPARTMENT_NAME',
    'RESOURCE_ID',
    'BILLING_CURRENCY',
    'BILLED_COST',
    'EFFECTIVE_COST',
    'LIST_COST',
  ]
  return [
    `CREATE OR REPLACE VIEW ${q(names.tagsView)} AS`,
    `SELECT p.${q('SOURCE_FILE')}, p.${q('SOURCE_LINE')}, p.${q('TAG_KEY')}, p.${q('TAG_VALUE')}, p.${q('TAG_TRUNCATED')},`,
    `  TRUNC(f.${q('CHARGE_PERIOD_START')}) AS ${q('CHARGE_DATE')},`,
    `  ${rowColumns.map((c) => `f.${q(c)}`).join(', ')}`,
    `FROM ${q(names.tagPairs)} p`,
    `JOIN ${q(names.table)} f ON f.${q('SOURCE_FILE')} = p.${q('SOURCE_FILE')} AND f.${q('SOURCE_LINE')} = p.${q('SOURCE_LINE')}`,
  ].join('\n')
}

export type SchemaObjectKind = 'table' | 'index' | 'view'

/** One object ensureSchema creates when missing, in dependency order. */
export interface SchemaObject {
  readonly kind: SchemaObjectKind
  readonly name: string
  readonly sql: string
  /** Tried when `sql` fails because a database feature is missing (partitioning). */
  readonly fallbackSql?: string
}

/** Every object, tables first, then indexes, then views (views are always re-created). */
export function schemaObjects(names: OracleNames): SchemaObject[] {
  return [
    {
      kind: 'table',
      name: names.table,
      sql: createTableSql(names, { partitioned: true }),
      fallbackSql: createTableSql(names, { partitioned: false }),
    },
    { kind: 'table', name: names.ledger, sql: createLedgerSql(names) },
    { kind: 'table', name: names.rejects, sql: createRejectsSql(names) },
    { kind: 'table', name: names.tagPairs, sql: createTagPairsSql(names) },
    { kind: 'index', name: names.tableFileIndex, sql: createTableFileIndexSql(names) },
    { kind: 'index', name: names.rejectsFileIndex, sql: createRejectsFileIndexSql(names) },
    { kind: 'index', name: names.tagPairsFileIndex, sql: createTagPairsFileIndexSql(names) },
    { kind: 'view', name: names.dailyView, sql: createDailyViewSql(names) },
    { kind: 'view', name: names.monthlyView, sql: createMonthlyViewSql(names) },
    { kind: 'view', name: names.tagsView, sql: createTagsViewSql(names) },
  ]
}
