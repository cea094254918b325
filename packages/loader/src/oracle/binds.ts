/**
 * INSERT statements, `bindDefs` and bind arrays for the Oracle sink: pure functions, unit-tested.
 *
 * Exactness rules:
 * - decimals travel as their canonical TEXT and become NUMBER inside the database through
 *   TO_NUMBER with an explicit format and NLS_NUMERIC_CHARACTERS, so neither a JS double nor the
 *   session's decimal separator ever touches a cent;
 * - timestamps travel as UTC text ('YYYY-MM-DD HH24:MI:SS.FF3') into TO_TIMESTAMP, so neither the
 *   Node process time zone (node-oracledb writes a Date bound as DB_TYPE_TIMESTAMP with LOCAL
 *   getters) nor the session time zone can shift them;
 * - strings (and JSON/CLOB text) are bound as VARCHAR with a `maxSize` measured per batch; above
 *   the database's string limit the driver sends them as LONG, which Oracle stores into a CLOB whole.
 */
import { LoadError, quoteValue } from '../errors.js'
import {
  CANONICAL_COLUMNS,
  type CanonicalRow,
  type CellValue,
  type ColumnDef,
  columnIndex,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  LEDGER_COLUMNS,
  REJECT_COLUMNS,
} from '../schema.js'
import type { LedgerEntry, RejectRow } from '../sink/types.js'
import type { OracleBindDef, OracleBindValue, OracleDriver } from './driver.js'
import type { OracleNames } from './names.js'
import { quoteIdentifier as q } from './names.js'

const INTEGER_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE

/** `999…9D999…9`: accepts any canonical decimal the loader produces (26 integer, 12 fraction digits). */
export const DECIMAL_FORMAT = `${'9'.repeat(INTEGER_DIGITS)}D${'9'.repeat(DECIMAL_SCALE)}`
const NUMERIC_NLS = `'NLS_NUMERIC_CHARACTERS=''.,'''`
export const TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF3'
/** What TO_CHAR renders a stored timestamp as, so reads come back as ISO-8601 UTC. */
export const ISO_TIMESTAMP_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"'

const CANONICAL_DECIMAL = new RegExp(`^-?\\d{1,${INTEGER_DIGITS}}(?:\\.\\d{1,${DECIMAL_SCALE}})?$`)

/** Most bytes a VARCHAR2 value may have under MAX_STRING_SIZE = STANDARD (19c / Free default). */
export const VARCHAR2_MAX_BYTES = 4000

/** The SQL expression a bind of this column goes through. */
export function bindExpression(column: ColumnDef, position: number): string {
  const bind = `:${position}`
  switch (column.type) {
    case 'decimal':
      return `TO_NUMBER(${bind}, '${DECIMAL_FORMAT}', ${NUMERIC_NLS})`
    case 'timestamp':
      return `TO_TIMESTAMP(${bind}, '${TIMESTAMP_FORMAT}')`
    default:
      return bind
  }
}

/** `INSERT INTO "T" ("A", …) VALUES (:1, TO_NUMBER(:2, …), …)` for the given columns. */
export function insertSql(table: string, columns: readonly ColumnDef[]): string {
  const names = columns.map((c) => q(c.name)).join(', ')
  const values = columns.map((c, i) => bindExpression(c, i + 1)).join(', ')
  return `INSERT INTO ${q(table)} (${names}) VALUES (${values})`
}

/** Bytes reserved for the text of a decimal ("-" + 26 digits + "." + 12 digits) and a timestamp. */
const DECIMAL_TEXT_BYTES = 1 + INTEGER_DIGITS + 1 + DECIMAL_SCALE
const TIMESTAMP_TEXT_BYTES = 23

/**
 * `bindDefs` for the columns. Strings get the largest byte length seen in this batch (`maxBytes`),
 * as tight as node-oracledb recommends; decimals and timestamps have fixed text widths. With
 * `lobs`, CLOB-backed columns (json, text) are bound as temporary CLOBs instead: correct for any
 * size but a few round trips per value, so only the fallback of transaction.ts uses it.
 */
export function bindDefsFor(
  driver: Pick<OracleDriver, 'DB_TYPE_VARCHAR' | 'DB_TYPE_NUMBER' | 'DB_TYPE_CLOB'>,
  columns: readonly ColumnDef[],
  maxBytes: readonly number[],
  options: { lobs?: boolean } = {},
): OracleBindDef[] {
  return columns.map((column, i) => {
    switch (column.type) {
      case 'json':
      case 'text':
        if (options.lobs === true) return { type: driver.DB_TYPE_CLOB }
        return { type: driver.DB_TYPE_VARCHAR, maxSize: Math.max(1, maxBytes[i] ?? 0) }
      case 'integer':
        return { type: driver.DB_TYPE_NUMBER }
      case 'decimal':
        return { type: driver.DB_TYPE_VARCHAR, maxSize: DECIMAL_TEXT_BYTES }
      case 'timestamp':
        return { type: driver.DB_TYPE_VARCHAR, maxSize: TIMESTAMP_TEXT_BYTES }
      default:
        return { type: driver.DB_TYPE_VARCHAR, maxSize: Math.max(1, maxBytes[i] ?? 0) }
    }
  })
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC, or undefined when the Date is invalid or outside years 1–9999. */
export function formatTimestamp(date: Date): string | undefined {
  const time = date.getTime()
  if (Number.isNaN(time)) return undefined
  const iso = date.toISOString()
  // Years 0 and beyond 9999 render as ±YYYYYY-; Oracle TIMESTAMP covers 4712 BC–9999 AD but
  // the loader's own range is the common era.
  if (iso.length !== 24 || iso.startsWith('0000')) return undefined
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`
}

/** Where a bad value sits, for the LoadError. */
interface CellContext {
  readonly file: string
  readonly line: number | undefined
}

function badValue(column: ColumnDef, value: CellValue, rule: string, where: CellContext): LoadError {
  const shown =
    value instanceof Date ? String(value) : typeof value === 'string' ? value : JSON.stringify(value)
  const code =
    column.type === 'decimal'
      ? 'LOAD_BAD_DECIMAL'
      : column.type === 'timestamp'
        ? 'LOAD_BAD_TIMESTAMP'
        : 'LOAD_SINK_ERROR'
  const label = column.sourceName || column.name
  return new LoadError(
    code,
    `${where.file}${where.line === undefined ? '' : `:${where.line}`} ${label}: ${rule}, got ${quoteValue(shown)}`,
    {
      file: where.file,
      ...(where.line === undefined ? {} : { line: where.line }),
      column: label,
      value: shown,
    },
  )
}

/**
 * One cell as a bind value for its column (see the exactness rules above). Throws a LoadError
 * naming file, line, column and value when the cell does not fit the column's logical type.
 */
export function bindCell(column: ColumnDef, value: CellValue, where: CellContext): OracleBindValue {
  if (value === null) {
    if (!column.nullable) throw badValue(column, value, 'must not be empty', where)
    return null
  }
  switch (column.type) {
    case 'decimal':
      if (typeof value !== 'string' || !CANONICAL_DECIMAL.test(value)) {
        throw badValue(
          column,
          value,
          `must be decimal text with at most ${INTEGER_DIGITS} integer and ${DECIMAL_SCALE} fraction digits`,
          where,
        )
      }
      return value
    case 'timestamp': {
      const text = value instanceof Date ? formatTimestamp(value) : undefined
      if (text === undefined) throw badValue(column, value, 'must be a valid UTC date in years 1-9999', where)
      return text
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw badValue(column, value, 'must be a safe integer', where)
      }
      return value
    default:
      if (typeof value !== 'string') throw badValue(column, value, 'must be text', where)
      return value
  }
}

/** Binds for many rows of `columns`, with the per-column maximum byte length of string binds. */
export interface BoundRows {
  readonly rows: OracleBindValue[][]
  readonly maxBytes: number[]
}

const SOURCE_FILE_INDEX = columnIndex('SOURCE_FILE')
const SOURCE_LINE_INDEX = columnIndex('SOURCE_LINE')
const CHARGE_PERIOD_START_INDEX = columnIndex('CHARGE_PERIOD_START')
const TAGS_INDEX = columnIndex('TAGS')
const CHARGE_PERIOD_START_COLUMN = CANONICAL_COLUMNS[CHARGE_PERIOD_START_INDEX]!

function measure(maxBytes: number[], i: number, value: OracleBindValue): void {
  if (typeof value === 'string') {
    // UTF-16 length ≤ UTF-8 bytes ≤ 3 × UTF-16 length: only measure exactly when it can matter.
    const current = maxBytes[i] ?? 0
    if (value.length * 3 > current) {
      const bytes = Buffer.byteLength(value, 'utf8')
      if (bytes > current) maxBytes[i] = bytes
    }
  }
}

/** Binds for canonical rows of one file (every row's SOURCE_FILE must be `file`). */
export function bindCanonicalRows(rows: readonly CanonicalRow[], file: string): BoundRows {
  const width = CANONICAL_COLUMNS.length
  const maxBytes: number[] = new Array<number>(width).fill(0)
  const bound: OracleBindValue[][] = []
  for (const row of rows) {
    const lineValue = row[SOURCE_LINE_INDEX]
    const where: CellContext = { file, line: typeof lineValue === 'number' ? lineValue : undefined }
    if (row.length !== width) {
      throw new LoadError(
        'LOAD_SINK_ERROR',
        `${file}: row must have ${width} canonical values, got ${row.length}`,
        {
          file,
          ...(where.line === undefined ? {} : { line: where.line }),
        },
      )
    }
    if (row[SOURCE_FILE_INDEX] !== file) {
      throw new LoadError(
        'LOAD_SINK_ERROR',
        `${file}: row SOURCE_FILE must be the file being loaded, got ${quoteValue(String(row[SOURCE_FILE_INDEX]))}`,
        { file, ...(where.line === undefined ? {} : { line: where.line }) },
      )
    }
    // FOCUS makes ChargePeriodStart mandatory, and the table is partitioned on it: say so here
    // rather than let Oracle answer ORA-14400 for the whole batch.
    if (row[CHARGE_PERIOD_START_INDEX] === null) {
      const label = CHARGE_PERIOD_START_COLUMN.sourceName
      throw new LoadError(
        'LOAD_REQUIRED_VALUE',
        `${file}${where.line === undefined ? '' : `:${where.line}`} ${label}: must not be empty, got ""`,
        { file, ...(where.line === undefined ? {} : { line: where.line }), column: label, value: '' },
      )
    }
    const out = new Array<OracleBindValue>(width)
    for (let i = 0; i < width; i++) {
      const value = bindCell(CANONICAL_COLUMNS[i]!, row[i] ?? null, where)
      out[i] = value
      measure(maxBytes, i, value)
    }
    bound.push(out)
  }
  return { rows: bound, maxBytes }
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function cutUtf8(text: string, maxBytes: number): { text: string; cut: boolean } {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, cut: false }
  let bytes = 0
  let end = 0
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8')
    if (bytes + size > maxBytes) break
    bytes += size
    end += char.length
  }
  return { text: text.slice(0, end), cut: true }
}

/** The columns of the tag-pairs table, in bind order. */
export const TAG_PAIR_COLUMNS: readonly ColumnDef[] = [
  { name: 'SOURCE_FILE', type: 'varchar', length: 1024, nullable: false, origin: 'lineage', sourceName: '' },
  { name: 'SOURCE_LINE', type: 'integer', nullable: false, origin: 'lineage', sourceName: '' },
  {
    name: 'TAG_KEY',
    type: 'varchar',
    length: VARCHAR2_MAX_BYTES,
    nullable: false,
    origin: 'lineage',
    sourceName: '',
  },
  {
    name: 'TAG_VALUE',
    type: 'varchar',
    length: VARCHAR2_MAX_BYTES,
    nullable: true,
    origin: 'lineage',
    sourceName: '',
  },
  { name: 'TAG_TRUNCATED', type: 'varchar', length: 1, nullable: false, origin: 'lineage', sourceName: '' },
]

/**
 * Tags of canonical rows exploded to (file, line, key, value, truncated) binds. String values are
 * stored as they are; other JSON values (numbers, booleans, objects) as their JSON text; JSON null
 * as NULL. Tags that are not a JSON object yield no pairs (the Tags column still holds them).
 */
export function bindTagPairs(rows: readonly CanonicalRow[], file: string): BoundRows {
  const maxBytes = [0, 0, 0, 0, 1]
  const bound: OracleBindValue[][] = []
  for (const row of rows) {
    const tags = row[TAGS_INDEX]
    if (typeof tags !== 'string') continue
    const line = row[SOURCE_LINE_INDEX] as number
    let parsed: unknown
    try {
      parsed = JSON.parse(tags)
    } catch (error) {
      throw new LoadError(
        'LOAD_BAD_JSON',
        `${file}:${line} Tags: must be JSON, got ${quoteValue(tags)}`,
        {
          file,
          line,
          column: 'Tags',
          value: tags,
        },
        { cause: error },
      )
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue
    for (const [rawKey, rawValue] of Object.entries(parsed as Record<string, unknown>)) {
      const key = cutUtf8(rawKey, VARCHAR2_MAX_BYTES)
      const valueText =
        rawValue === null ? null : typeof rawValue === 'string' ? rawValue : JSON.stringify(rawValue)
      const value = valueText === null ? { text: null, cut: false } : cutUtf8(valueText, VARCHAR2_MAX_BYTES)
      const out: OracleBindValue[] = [file, line, key.text, value.text, key.cut || value.cut ? 'Y' : 'N']
      for (let i = 0; i < out.length; i++) measure(maxBytes, i, out[i] ?? null)
      bound.push(out)
    }
  }
  return { rows: bound, maxBytes }
}

/** Reject rows as binds in REJECT_COLUMNS order; VARCHAR2 fields are cut to 4,000 bytes (RAW_TEXT keeps all). */
export function bindRejects(rejects: readonly RejectRow[]): BoundRows {
  const maxBytes = new Array<number>(REJECT_COLUMNS.length).fill(0)
  const bound: OracleBindValue[][] = []
  for (const reject of rejects) {
    const where: CellContext = { file: reject.file, line: reject.line }
    const cells: CellValue[] = [
      reject.file,
      reject.line,
      reject.code,
      cutUtf8(reject.reason, VARCHAR2_MAX_BYTES).text,
      reject.column === undefined ? null : cutUtf8(reject.column, VARCHAR2_MAX_BYTES).text,
      reject.value === undefined ? null : cutUtf8(reject.value, VARCHAR2_MAX_BYTES).text,
      reject.rawText,
      reject.rejectedAt,
    ]
    const out = REJECT_COLUMNS.map((column, i) => bindCell(column, cells[i] ?? null, where))
    out.forEach((value, i) => {
      measure(maxBytes, i, value)
    })
    bound.push(out)
  }
  return { rows: bound, maxBytes }
}

/** A ledger entry as binds in LEDGER_COLUMNS order; long error text is cut to fit VARCHAR2. */
export function bindLedgerEntry(entry: LedgerEntry): OracleBindValue[] {
  const cut = (value: string | undefined): string | null =>
    value === undefined ? null : cutUtf8(value, VARCHAR2_MAX_BYTES).text
  const cells: CellValue[] = [
    entry.file,
    entry.identity,
    entry.status,
    entry.dialect ?? null,
    entry.rows,
    entry.rejectedRows,
    entry.bytes ?? null,
    entry.startedAt,
    entry.finishedAt,
    cut(entry.errorCode),
    cut(entry.errorMessage),
    entry.errorLine ?? null,
    cut(entry.errorColumn),
    cut(entry.errorValue),
  ]
  const where: CellContext = { file: entry.file, line: undefined }
  return LEDGER_COLUMNS.map((column, i) => bindCell(column, cells[i] ?? null, where))
}

/** Statements of one file's load, precomputed once per sink. */
export interface LoadStatements {
  readonly deleteRows: string
  readonly deleteTagPairs: string
  readonly deleteRejects: string
  readonly deleteLedger: string
  readonly insertRow: string
  readonly insertTagPair: string
  readonly insertReject: string
  readonly insertLedger: string
}

export function loadStatements(names: OracleNames): LoadStatements {
  const deleteByFile = (table: string) => `DELETE FROM ${q(table)} WHERE ${q('SOURCE_FILE')} = :1`
  return {
    deleteRows: deleteByFile(names.table),
    deleteTagPairs: deleteByFile(names.tagPairs),
    deleteRejects: deleteByFile(names.rejects),
    deleteLedger: deleteByFile(names.ledger),
    insertRow: insertSql(names.table, CANONICAL_COLUMNS),
    insertTagPair: insertSql(names.tagPairs, TAG_PAIR_COLUMNS),
    insertReject: insertSql(names.rejects, REJECT_COLUMNS),
    insertLedger: insertSql(names.ledger, LEDGER_COLUMNS),
  }
}
