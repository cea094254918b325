/**
 * One file, one transaction: delete the file's previous rows, tag pairs and rejects, insert the
 * new ones in array batches, write the ledger row, commit. Any failure rolls everything back, so
 * a crash or error mid-file leaves the tables exactly as they were. Takes an
 * {@link OracleConnection}, so the whole sequence is unit-tested against a recording double.
 */
import { isLoadError, LoadError, quoteValue } from '../errors.js'
import { CANONICAL_COLUMNS, type ColumnDef, REJECT_COLUMNS } from '../schema.js'
import type { FileLoad, LedgerEntry } from '../sink/types.js'
import {
  type BoundRows,
  bindCanonicalRows,
  bindDefsFor,
  bindLedgerEntry,
  bindRejects,
  bindTagPairs,
  type LoadStatements,
  TAG_PAIR_COLUMNS,
  VARCHAR2_MAX_BYTES,
} from './binds.js'
import {
  driverMessage,
  type OracleBindValue,
  type OracleConnection,
  type OracleDriver,
  type OracleManyResult,
  oracleErrorNumber,
} from './driver.js'

/** Default rows per `executeMany` call: Oracle's own CSV example uses 10,000; we stay in 5k–10k. */
export const DEFAULT_ROWS_PER_EXECUTE = 5000

export interface TransactionContext {
  readonly connection: OracleConnection
  readonly driver: Pick<OracleDriver, 'DB_TYPE_VARCHAR' | 'DB_TYPE_NUMBER' | 'DB_TYPE_CLOB'>
  readonly statements: LoadStatements
  /** Rows per `executeMany` call (a loader batch larger than this is split). */
  readonly rowsPerExecute: number
  /** Clock for FINISHED_AT; injectable for tests. */
  readonly now?: () => Date
  /**
   * Shared across a sink's loads: set once the database refused long text bound as VARCHAR
   * (see {@link LONG_BIND_ERRORS}); from then on long CLOB values are bound as temporary LOBs.
   */
  readonly lobFallback?: { enabled: boolean }
  readonly warn?: (message: string) => void
}

/**
 * Errors Oracle gives when text longer than its VARCHAR2 limit, sent as a LONG bind, is not
 * accepted for a CLOB column: ORA-01461 (LONG bind only for a LONG column), ORA-01483 (invalid
 * length for DATE or NUMBER bind), ORA-24816 (expanded non-LONG bind after a LONG). Node-oracledb
 * Thin normally orders LONG binds last so a plain INSERT takes them; if a database still refuses,
 * the sink re-sends the refused rows with the long columns bound as temporary CLOBs.
 */
export const LONG_BIND_ERRORS: ReadonlySet<number> = new Set([1461, 1483, 24816])

/** Wraps a driver error as LoadError 'LOAD_SINK_ERROR' naming what was being done; LoadErrors pass through. */
export function sinkError(error: unknown, doing: string, file?: string): LoadError {
  if (isLoadError(error)) return error
  return new LoadError(
    'LOAD_SINK_ERROR',
    `Oracle ${doing}${file === undefined ? '' : ` for ${file}`}: ${driverMessage(error)}`,
    file === undefined ? {} : { file },
    { cause: error },
  )
}

/** Runs one driver call, turning its failure into a LoadError that says what failed. */
async function step<T>(doing: string, file: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw sinkError(error, doing, file)
  }
}

// ORA-12899: value too large for column "OWNER"."TABLE"."COLUMN" (actual: 5000, maximum: 4000)
const COLUMN_IN_MESSAGE = /"[^"]+"\."[^"]+"\."([^"]+)"/

/**
 * Inserts bound rows in chunks of `rowsPerExecute` with `batchErrors`, so a row Oracle refuses is
 * named by its line (the caller rolls the transaction back; nothing is committed here).
 */
async function insertChunks(
  context: TransactionContext,
  sql: string,
  columns: readonly ColumnDef[],
  bound: BoundRows,
  file: string,
  lineOf: (row: readonly OracleBindValue[]) => number | undefined,
  what: string,
): Promise<number> {
  let inserted = 0
  const hasLongText = columns.some(
    (c, i) => (c.type === 'json' || c.type === 'text') && (bound.maxBytes[i] ?? 0) > VARCHAR2_MAX_BYTES,
  )
  const asText = bindDefsFor(context.driver, columns, bound.maxBytes)
  const asLobs = bindDefsFor(context.driver, columns, bound.maxBytes, { lobs: true })
  const state = context.lobFallback ?? { enabled: false }
  const canFallBack = () => hasLongText && context.lobFallback !== undefined
  const switchToLobs = (error: unknown) => {
    if (!state.enabled) {
      state.enabled = true
      context.warn?.(
        `Oracle insert into ${what} for ${file}: the database refused long text bound as VARCHAR ` +
          `(${driverMessage(error)}); binding long JSON/text values as temporary CLOBs from now on (slower)`,
      )
    }
  }
  const execute = (chunk: readonly (readonly OracleBindValue[])[], lobs: boolean) =>
    context.connection.executeMany(sql, chunk, {
      autoCommit: false,
      bindDefs: lobs ? asLobs : asText,
      batchErrors: true,
    })

  for (let start = 0; start < bound.rows.length; start += context.rowsPerExecute) {
    const chunk = bound.rows.slice(start, start + context.rowsPerExecute)
    const lobs = hasLongText && state.enabled
    let result: OracleManyResult
    try {
      result = await execute(chunk, lobs)
    } catch (error) {
      // A failed statement is undone on its own; the transaction continues, so resending is safe.
      if (lobs || !canFallBack() || !LONG_BIND_ERRORS.has(oracleErrorNumber(error) ?? 0)) {
        throw sinkError(error, `insert into ${what}`, file)
      }
      switchToLobs(error)
      result = await step(`insert into ${what}`, file, () => execute(chunk, true))
    }
    let errors = result.batchErrors ?? []
    let rowsAffected = result.rowsAffected ?? chunk.length - errors.length
    // With batchErrors, rows refused for the LONG bind alone are resent as CLOBs (the others
    // were inserted and stay).
    if (
      errors.length > 0 &&
      !lobs &&
      canFallBack() &&
      errors.every((e) => LONG_BIND_ERRORS.has(e.errorNum ?? oracleErrorNumber(e) ?? 0))
    ) {
      switchToLobs(errors[0])
      const refused = errors.map((e) => chunk[e.offset]).filter((row) => row !== undefined)
      const retry = await step(`insert into ${what}`, file, () => execute(refused, true))
      const retryErrors = retry.batchErrors ?? []
      rowsAffected += retry.rowsAffected ?? refused.length - retryErrors.length
      errors = retryErrors.map((e) => ({ ...e, offset: chunk.indexOf(refused[e.offset]!) }))
    }
    const failed = errors[0]
    if (failed !== undefined) {
      const row = chunk[failed.offset]
      const line = row === undefined ? undefined : lineOf(row)
      const columnName = COLUMN_IN_MESSAGE.exec(failed.message)?.[1]
      const column = columnName === undefined ? undefined : columns.find((c) => c.name === columnName)
      const label = column === undefined ? columnName : column.sourceName || column.name
      const index = column === undefined ? -1 : columns.indexOf(column)
      const value = index >= 0 && row !== undefined ? row[index] : undefined
      throw new LoadError(
        'LOAD_SINK_ERROR',
        `Oracle insert into ${what} for ${file}${line === undefined ? '' : `:${line}`}` +
          `${label === undefined ? '' : ` ${label}`}: ${driverMessage(new Error(failed.message))}` +
          `${typeof value === 'string' ? `, got ${quoteValue(value)}` : ''}`,
        {
          file,
          ...(line === undefined ? {} : { line }),
          ...(label === undefined ? {} : { column: label }),
          ...(typeof value === 'string' ? { value } : {}),
        },
      )
    }
    inserted += rowsAffected
  }
  return inserted
}

const lineOfCanonical = (row: readonly OracleBindValue[]) => {
  const line = row[CANONICAL_COLUMNS.length - 1]
  return typeof line === 'number' ? line : undefined
}
const lineOfSecond = (row: readonly OracleBindValue[]) => (typeof row[1] === 'number' ? row[1] : undefined)

/**
 * Loads one file in one transaction (see the Sink contract in sink/types.ts). On failure the
 * transaction is rolled back and the original error rethrown (driver errors as LOAD_SINK_ERROR).
 */
export async function loadFileInTransaction(
  context: TransactionContext,
  load: FileLoad,
): Promise<LedgerEntry> {
  const { connection, statements } = context
  const file = load.file
  try {
    await step('delete previous rows', file, () =>
      connection.execute(statements.deleteRows, [file], { autoCommit: false }),
    )
    await step('delete previous tag pairs', file, () =>
      connection.execute(statements.deleteTagPairs, [file], { autoCommit: false }),
    )
    await step('delete previous rejects', file, () =>
      connection.execute(statements.deleteRejects, [file], { autoCommit: false }),
    )
    let rows = 0
    let rejectedRows = 0
    for await (const batch of load.batches) {
      if (batch.rows.length > 0) {
        rows += await insertChunks(
          context,
          statements.insertRow,
          CANONICAL_COLUMNS,
          bindCanonicalRows(batch.rows, file),
          file,
          lineOfCanonical,
          'the table',
        )
        const pairs = bindTagPairs(batch.rows, file)
        if (pairs.rows.length > 0) {
          await insertChunks(
            context,
            statements.insertTagPair,
            TAG_PAIR_COLUMNS,
            pairs,
            file,
            lineOfSecond,
            'tag pairs',
          )
        }
      }
      if (batch.rejects.length > 0) {
        rejectedRows += await insertChunks(
          context,
          statements.insertReject,
          REJECT_COLUMNS,
          bindRejects(batch.rejects),
          file,
          lineOfSecond,
          'rejects',
        )
      }
    }
    const summary = load.complete()
    // The database's own count must match the parser's: anything else is a bug worth failing on.
    if (summary.rows !== rows || summary.rejectedRows !== rejectedRows) {
      throw new LoadError(
        'LOAD_SINK_ERROR',
        `Oracle row count for ${file}: inserted rows must equal parsed rows, got ${rows} inserted / ${summary.rows} parsed, ` +
          `${rejectedRows} rejects inserted / ${summary.rejectedRows} rejected`,
        { file },
      )
    }
    const entry: LedgerEntry = {
      file,
      identity: load.identity,
      status: 'loaded',
      dialect: summary.dialect,
      rows,
      rejectedRows,
      bytes: load.bytes,
      startedAt: load.startedAt,
      finishedAt: (context.now ?? (() => new Date()))(),
      errorCode: undefined,
      errorMessage: undefined,
      errorLine: undefined,
      errorColumn: undefined,
      errorValue: undefined,
    }
    await writeLedger(context, entry)
    await step('commit', file, () => connection.commit())
    return entry
  } catch (error) {
    await rollbackQuietly(connection)
    throw error
  }
}

async function writeLedger(context: TransactionContext, entry: LedgerEntry): Promise<void> {
  const { connection, statements } = context
  await step('delete ledger row', entry.file, () =>
    connection.execute(statements.deleteLedger, [entry.file], { autoCommit: false }),
  )
  await step('insert ledger row', entry.file, () =>
    connection.execute(statements.insertLedger, bindLedgerEntry(entry), { autoCommit: false }),
  )
}

/** Upserts a 'failed' ledger row in its own transaction; the file's previously loaded rows stay. */
export async function recordFailureInTransaction(
  context: TransactionContext,
  entry: LedgerEntry,
): Promise<void> {
  try {
    await writeLedger(context, entry)
    await step('commit', entry.file, () => context.connection.commit())
  } catch (error) {
    await rollbackQuietly(context.connection)
    throw error
  }
}

/** Rolls back, ignoring a failure to do so: the original error is what the caller must see. */
async function rollbackQuietly(connection: OracleConnection): Promise<void> {
  try {
    await connection.rollback()
  } catch {
    // A broken connection has already lost the transaction; closing it rolls back too.
  }
}
