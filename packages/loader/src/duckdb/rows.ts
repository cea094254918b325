import type { LedgerEntry } from '../sink/types.js'

/** A ledger row as DuckDB returns it (getRowObjectsJS) → LedgerEntry. */
export function toLedgerEntry(row: Record<string, unknown>): LedgerEntry {
  const text = (v: unknown) => (v === null || v === undefined ? undefined : String(v))
  const num = (v: unknown) => (v === null || v === undefined ? undefined : Number(v))
  return {
    file: String(row.SOURCE_FILE),
    identity: String(row.FILE_IDENTITY),
    status: row.STATUS === 'loaded' ? 'loaded' : 'failed',
    dialect: text(row.DIALECT),
    rows: Number(row.ROWS_LOADED),
    rejectedRows: Number(row.ROWS_REJECTED),
    bytes: num(row.FILE_BYTES),
    startedAt: row.STARTED_AT as Date,
    finishedAt: row.FINISHED_AT as Date,
    errorCode: text(row.ERROR_CODE),
    errorMessage: text(row.ERROR_MESSAGE),
    errorLine: num(row.ERROR_LINE),
    errorColumn: text(row.ERROR_COLUMN),
    errorValue: text(row.ERROR_VALUE),
  }
}
