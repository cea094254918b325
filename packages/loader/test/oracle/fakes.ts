/**
 * Test doubles at the node-oracledb boundary: a connection that records every call and keeps
 * Oracle's transaction semantics (DML is pending until commit, rollback discards it), and rows
 * and file loads built from the real canonical schema.
 */
import oracledb from 'oracledb'
import type {
  OracleBindValue,
  OracleConnectAttributes,
  OracleConnection,
  OracleDriver,
  OracleExecuteManyOptions,
  OracleExecuteOptions,
  OracleManyResult,
  OracleResult,
} from '../../src/oracle/driver.js'
import { CANONICAL_COLUMNS, type CanonicalRow, type CellValue, COLUMN_INDEX } from '../../src/schema.js'
import type { FileLoad, RejectRow, RowBatch } from '../../src/sink/types.js'

export type CallMethod = 'execute' | 'executeMany' | 'commit' | 'rollback' | 'close'

export interface RecordedCall {
  readonly method: CallMethod
  readonly sql?: string
  readonly binds?: unknown
  readonly options?: OracleExecuteOptions | OracleExecuteManyOptions
}

/** Answers a call (return a result, or throw to make the driver call fail); undefined = default. */
export type Responder = (call: RecordedCall) => OracleResult | OracleManyResult | undefined

/** An error shaped like node-oracledb's (message 'ORA-NNNNN: …', errorNum). */
export function oraError(errorNum: number, text: string): Error {
  const error = new Error(`ORA-${String(errorNum).padStart(5, '0')}: ${text}`) as Error & { errorNum: number }
  error.errorNum = errorNum
  return error
}

export class FakeOracleConnection implements OracleConnection {
  readonly calls: RecordedCall[] = []
  /** DML calls since the last commit/rollback. */
  pending: RecordedCall[] = []
  /** DML calls that were committed, in order. */
  readonly committed: RecordedCall[] = []
  responder: Responder | undefined

  constructor(responder?: Responder) {
    this.responder = responder
  }

  private record(call: RecordedCall): OracleResult | OracleManyResult | undefined {
    this.calls.push(call)
    return this.responder?.(call)
  }

  async execute(
    sql: string,
    binds?: readonly OracleBindValue[] | Readonly<Record<string, OracleBindValue>>,
    options?: OracleExecuteOptions,
  ): Promise<OracleResult> {
    const call: RecordedCall = { method: 'execute', sql, binds, ...(options ? { options } : {}) }
    const result = this.record(call)
    if (/^\s*(DELETE|INSERT|UPDATE|MERGE)\b/i.test(sql)) this.pending.push(call)
    return result ?? { rows: [], rowsAffected: 1 }
  }

  async executeMany(
    sql: string,
    binds: readonly (readonly OracleBindValue[])[],
    options: OracleExecuteManyOptions,
  ): Promise<OracleManyResult> {
    const call: RecordedCall = { method: 'executeMany', sql, binds, options }
    const result = this.record(call)
    this.pending.push(call)
    return result ?? { rowsAffected: binds.length }
  }

  async commit(): Promise<void> {
    this.record({ method: 'commit' })
    this.committed.push(...this.pending)
    this.pending = []
  }

  async rollback(): Promise<void> {
    this.record({ method: 'rollback' })
    this.pending = []
  }

  async close(): Promise<void> {
    this.record({ method: 'close' })
    this.pending = []
  }

  /** The methods called, in order, with DML reduced to its verb and table (for sequence asserts). */
  sequence(): string[] {
    return this.calls.map((call) => {
      if (call.sql === undefined) return call.method
      const match =
        /^\s*(DELETE FROM|INSERT INTO|SELECT|CREATE OR REPLACE VIEW|CREATE TABLE|CREATE INDEX)\s+("?[\w$#]+"?)?/i.exec(
          call.sql,
        )
      return `${call.method}:${match ? `${match[1]} ${match[2] ?? ''}`.trim() : call.sql.slice(0, 30)}`
    })
  }
}

/** A driver whose getConnection hands out `connection` (or throws `connectError`). */
export function fakeDriver(
  connection: OracleConnection,
  connectError?: Error,
): OracleDriver & { readonly attributes: OracleConnectAttributes[] } {
  const attributes: OracleConnectAttributes[] = []
  return {
    attributes,
    async getConnection(attrs: OracleConnectAttributes) {
      attributes.push(attrs)
      if (connectError) throw connectError
      return connection
    },
    DB_TYPE_VARCHAR: oracledb.DB_TYPE_VARCHAR,
    DB_TYPE_NUMBER: oracledb.DB_TYPE_NUMBER,
    DB_TYPE_CLOB: oracledb.DB_TYPE_CLOB,
    OUT_FORMAT_ARRAY: oracledb.OUT_FORMAT_ARRAY,
    OUT_FORMAT_OBJECT: oracledb.OUT_FORMAT_OBJECT,
  }
}

/** A canonical row of `file` at `line` with a ChargePeriodStart and the given columns set. */
export function canonicalRow(
  file: string,
  line: number,
  values: Record<string, CellValue> = {},
): CanonicalRow {
  const row: CanonicalRow = new Array<CellValue>(CANONICAL_COLUMNS.length).fill(null)
  const set = (name: string, value: CellValue) => {
    const index = COLUMN_INDEX[name]
    if (index === undefined) throw new Error(`no canonical column ${name}`)
    row[index] = value
  }
  set('CHARGE_PERIOD_START', new Date('2025-04-05T10:00:00.000Z'))
  set('SOURCE_FILE', file)
  set('SOURCE_LINE', line)
  for (const [name, value] of Object.entries(values)) set(name, value)
  return row
}

/** A FileLoad over fixed batches; `failAfter` makes iteration throw that error after N batches. */
export function fileLoad(
  file: string,
  batches: readonly RowBatch[],
  options: {
    identity?: string
    failAfter?: { batches: number; error: Error }
    dialect?: string
    rows?: number
  } = {},
): FileLoad & { completed: number } {
  const rows = options.rows ?? batches.reduce((n, b) => n + b.rows.length, 0)
  const rejectedRows = batches.reduce((n, b) => n + b.rejects.length, 0)
  const load = {
    file,
    identity: options.identity ?? 'etag:1',
    bytes: 1234,
    startedAt: new Date('2026-12-04T10:00:00.000Z'),
    completed: 0,
    batches: (async function* () {
      let index = 0
      for (const batch of batches) {
        if (options.failAfter && index === options.failAfter.batches) throw options.failAfter.error
        index++
        yield batch
      }
      if (options.failAfter && index === options.failAfter.batches) throw options.failAfter.error
    })(),
    complete() {
      load.completed++
      return { rows, rejectedRows, dialect: options.dialect ?? 'oci-focus' }
    },
  }
  return load
}

export function reject(file: string, line: number, rawText = 'a,b,c'): RejectRow {
  return {
    file,
    line,
    code: 'LOAD_BAD_DECIMAL',
    reason: `${file}:${line} BilledCost: must be a decimal, got "x"`,
    column: 'BilledCost',
    value: 'x',
    rawText,
    rejectedAt: new Date('2026-12-04T10:00:01.000Z'),
  }
}

/**
 * A FakeOracleConnection that also keeps the committed contents of the tables it sees, from the
 * sink's own DELETE-by-file and INSERT statements, and answers the ledger SELECTs from them. Just
 * enough of a database to run the real loader end to end at the driver boundary: rows are the
 * bind values exactly as the driver would have sent them.
 */
export class FakeOracleDatabase extends FakeOracleConnection {
  readonly tables = new Map<string, Record<string, OracleBindValue>[]>()

  constructor() {
    super()
    this.responder = (call) => this.answer(call)
  }

  rows(table: string): Record<string, OracleBindValue>[] {
    return this.tables.get(table) ?? []
  }

  override async commit(): Promise<void> {
    for (const call of this.pending) this.apply(call)
    await super.commit()
  }

  private apply(call: RecordedCall): void {
    const sql = call.sql ?? ''
    const del = /^DELETE FROM "([A-Z0-9_]+)" WHERE "SOURCE_FILE" = :1$/.exec(sql)
    if (del) {
      const file = (call.binds as OracleBindValue[])[0]
      this.tables.set(
        del[1]!,
        this.rows(del[1]!).filter((row) => row['SOURCE_FILE'] !== file),
      )
      return
    }
    const insert = /^INSERT INTO "([A-Z0-9_]+)" \(([^)]*)\) VALUES/.exec(sql)
    if (!insert) throw new Error(`FakeOracleDatabase: cannot apply ${sql.slice(0, 60)}`)
    const columns = insert[2]!.split(', ').map((c) => c.replaceAll('"', ''))
    const bound = (call.method === 'executeMany' ? call.binds : [call.binds]) as OracleBindValue[][]
    const table = this.rows(insert[1]!)
    for (const values of bound) table.push(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])))
    this.tables.set(insert[1]!, table)
  }

  private answer(call: RecordedCall): OracleResult | undefined {
    const sql = call.sql ?? ''
    if (!sql.startsWith('SELECT')) return undefined
    const ledger = /FROM "([A-Z0-9_]+_LOAD_LEDGER)"( WHERE "SOURCE_FILE" = :1)?/.exec(sql)
    if (ledger && sql.includes('"FILE_IDENTITY"')) {
      const file = ledger[2] ? (call.binds as OracleBindValue[])[0] : undefined
      const iso = (v: OracleBindValue) => (typeof v === 'string' ? `${v.replace(' ', 'T')}Z` : v)
      const rows = this.rows(ledger[1]!)
        .filter((row) => file === undefined || row['SOURCE_FILE'] === file)
        .map((row) => ({
          ...row,
          STARTED_AT: iso(row['STARTED_AT'] ?? null),
          FINISHED_AT: iso(row['FINISHED_AT'] ?? null),
        }))
      return { rows }
    }
    return { rows: [] }
  }
}
