import { CANONICAL_COLUMNS, type CanonicalRow, type LogicalType } from '../schema.js'
import { duckDbType } from './ddl.js'

/**
 * The "staged CSV" ingest path: canonical rows are written as a strict, fully specified CSV
 * (strings quoted when needed, NULL = empty field, decimals as exact text, timestamps as
 * `YYYY-MM-DD HH:MM:SS.mmm` UTC) and DuckDB's own reader inserts it with explicit column
 * types — DECIMAL(38,18) parsed from the text, exactly. The point is WHERE the work runs:
 * DuckDB parses on its worker thread while Node parses the next batch, instead of the main
 * thread paying a native call per value (the Appender path, 4–5× slower end to end).
 */

const KINDS: readonly LogicalType[] = CANONICAL_COLUMNS.map((c) => c.type)

// Strings are quoted only when they must be: every value reaching here is non-empty (empty
// fields became NULL), so an unquoted empty field can only mean NULL.
const NEEDS_QUOTES = /[",\n\r]/

/**
 * Serializes rows into the staging CSV text ('\n' record ends). Each record is one native
 * Array#join over a reused parts array — string concatenation per field made ropes whose
 * flattening and collection cost more than the parse itself.
 */
export function toStagingCsv(rows: readonly CanonicalRow[]): string {
  const parts = new Array<string | null>(KINDS.length)
  const lines = new Array<string>(rows.length)
  // The parser hands the same Date object for repeated texts: format each once per batch.
  const dates = new Map<Date, string>()
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as CanonicalRow
    for (let c = 0; c < KINDS.length; c++) {
      const value = row[c]
      if (value === null || value === undefined) {
        parts[c] = null
        continue
      }
      switch (KINDS[c]) {
        case 'decimal':
          parts[c] = value as string
          break
        case 'integer':
          parts[c] = String(value)
          break
        case 'timestamp': {
          let text = dates.get(value as Date)
          if (text === undefined) {
            const iso = (value as Date).toISOString()
            text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`
            dates.set(value as Date, text)
          }
          parts[c] = text
          break
        }
        default: {
          const text = value as string
          parts[c] = NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
        }
      }
    }
    lines[r] = parts.join(',')
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/**
 * Largest record DuckDB will read from a staging file (its default, 2 MB, is small for huge Tags).
 * DuckDB sizes its read buffer from this (16× by default), so the buffer is pinned explicitly.
 */
const MAX_LINE_BYTES = 16 * 1024 * 1024
const BUFFER_BYTES = 2 * MAX_LINE_BYTES

/** `INSERT INTO <table> SELECT * FROM read_csv(<path>, …)` with every option pinned (no sniffing). */
export function stagingInsertSql(table: string, path: string): string {
  const columns = CANONICAL_COLUMNS.map(
    (c) => `'${c.name}': '${c.type === 'json' || c.type === 'text' ? 'VARCHAR' : duckDbType(c)}'`,
  ).join(', ')
  return `INSERT INTO ${table} SELECT * FROM read_csv('${path.replaceAll("'", "''")}',
    header = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', nullstr = '',
    allow_quoted_nulls = false, auto_detect = false, parallel = false, strict_mode = true,
    encoding = 'utf-8', max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${BUFFER_BYTES}, columns = {${columns}})`
}
