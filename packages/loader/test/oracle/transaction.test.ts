import oracledb from 'oracledb'
import { describe, expect, it } from 'vitest'
import { isLoadError, LoadError } from '../../src/errors.js'
import { loadStatements } from '../../src/oracle/binds.js'
import type { OracleExecuteManyOptions } from '../../src/oracle/driver.js'
import { oracleNames } from '../../src/oracle/names.js'
import {
  loadFileInTransaction,
  recordFailureInTransaction,
  type TransactionContext,
} from '../../src/oracle/transaction.js'
import { CANONICAL_COLUMNS, COLUMN_INDEX } from '../../src/schema.js'
import type { LedgerEntry, RowBatch } from '../../src/sink/types.js'
import { canonicalRow, FakeOracleConnection, fileLoad, oraError, reject } from './fakes.js'

const FILE = 'FOCUS Reports/2025/04/05/0001000000123456-00001.csv'
const names = oracleNames()
const statements = loadStatements(names)
const FINISHED = new Date('2026-12-04T10:00:05.000Z')

function context(connection: FakeOracleConnection, rowsPerExecute = 5): TransactionContext {
  return { connection, driver: oracledb, statements, rowsPerExecute, now: () => FINISHED }
}

function rows(from: number, count: number, values: Record<string, string> = {}) {
  return Array.from({ length: count }, (_, i) =>
    canonicalRow(FILE, from + i, { BILLED_COST: `${from + i}.25`, ...values }),
  )
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('loadFileInTransaction', () => {
  it('deletes the previous version, inserts in chunks, writes the ledger and commits once', async () => {
    const connection = new FakeOracleConnection()
    const batches: RowBatch[] = [
      { rows: rows(2, 7, { TAGS: '{"team":"a"}' }), rejects: [] },
      { rows: rows(9, 5), rejects: [reject(FILE, 14)] },
    ]
    const entry = await loadFileInTransaction(
      context(connection, 5),
      fileLoad(FILE, batches, { identity: 'etag:v2' }),
    )

    expect(connection.sequence()).toEqual([
      'execute:DELETE FROM "OCI_FOCUS"',
      'execute:DELETE FROM "OCI_FOCUS_TAG_PAIRS"',
      'execute:DELETE FROM "OCI_FOCUS_REJECTS"',
      'executeMany:INSERT INTO "OCI_FOCUS"', // 5 of batch 1
      'executeMany:INSERT INTO "OCI_FOCUS"', // 2 of batch 1
      'executeMany:INSERT INTO "OCI_FOCUS_TAG_PAIRS"', // 7 pairs, chunked 5 + 2 too
      'executeMany:INSERT INTO "OCI_FOCUS_TAG_PAIRS"',
      'executeMany:INSERT INTO "OCI_FOCUS"', // batch 2
      'executeMany:INSERT INTO "OCI_FOCUS_REJECTS"',
      'execute:DELETE FROM "OCI_FOCUS_LOAD_LEDGER"',
      'execute:INSERT INTO "OCI_FOCUS_LOAD_LEDGER"',
      'commit',
    ])
    const inserts = connection.calls.filter(
      (c) => c.method === 'executeMany' && c.sql === statements.insertRow,
    )
    expect(inserts.map((c) => (c.binds as unknown[]).length)).toEqual([5, 2, 5])
    const lines = inserts.flatMap((c) =>
      (c.binds as unknown[][]).map((row) => row[COLUMN_INDEX['SOURCE_LINE']!]),
    )
    expect(lines).toEqual(Array.from({ length: 12 }, (_, i) => i + 2))
    for (const call of connection.calls.filter((c) => c.options !== undefined)) {
      expect(call.options?.autoCommit).toBe(false)
    }
    const many = inserts[0]!.options as OracleExecuteManyOptions
    expect(many.bindDefs).toHaveLength(CANONICAL_COLUMNS.length)
    expect(many.batchErrors).toBe(true)
    for (const call of connection.calls.filter((c) => c.sql?.startsWith('DELETE')))
      expect(call.binds).toEqual([FILE])

    expect(entry).toMatchObject({
      file: FILE,
      identity: 'etag:v2',
      status: 'loaded',
      rows: 12,
      rejectedRows: 1,
      dialect: 'oci-focus',
    })
    expect(entry.finishedAt).toEqual(FINISHED)
    const ledger = connection.calls.find((c) => c.sql === statements.insertLedger)!
    expect((ledger.binds as unknown[]).slice(0, 6)).toEqual([FILE, 'etag:v2', 'loaded', 'oci-focus', 12, 1])
    expect(connection.committed).toHaveLength(11)
    expect(connection.pending).toEqual([])
  })

  it('rolls back and rethrows the iterator error unchanged when parsing fails mid-file', async () => {
    const connection = new FakeOracleConnection()
    const parseError = new LoadError('LOAD_CSV_SYNTAX', `${FILE}:40 quote not closed`, {
      file: FILE,
      line: 40,
    })
    const load = fileLoad(
      FILE,
      [
        { rows: rows(2, 3), rejects: [] },
        { rows: rows(5, 3), rejects: [] },
      ],
      {
        failAfter: { batches: 1, error: parseError },
      },
    )
    const error = await rejection(loadFileInTransaction(context(connection), load))
    expect(error).toBe(parseError)
    expect(connection.sequence().slice(-1)).toEqual(['rollback'])
    expect(connection.sequence()).not.toContain('commit')
    expect(connection.committed).toEqual([])
    expect(load.completed).toBe(0)
  })

  it('wraps a driver failure as LOAD_SINK_ERROR naming the file, with the cause, and rolls back', async () => {
    const dbError = oraError(1653, 'unable to extend table OCI_FOCUS by 8192 in tablespace DATA')
    const connection = new FakeOracleConnection((call) => {
      if (call.method === 'executeMany' && (call.binds as unknown[]).length === 2) throw dbError
      return undefined
    })
    const error = await rejection(
      loadFileInTransaction(context(connection, 5), fileLoad(FILE, [{ rows: rows(2, 7), rejects: [] }])),
    )
    expect(isLoadError(error) && error.code).toBe('LOAD_SINK_ERROR')
    expect((error as LoadError).message).toBe(
      `Oracle insert into the table for ${FILE}: ORA-01653: unable to extend table OCI_FOCUS by 8192 in tablespace DATA`,
    )
    expect((error as LoadError).file).toBe(FILE)
    expect((error as Error).cause).toBe(dbError)
    expect(connection.sequence().slice(-1)).toEqual(['rollback'])
    expect(connection.committed).toEqual([])
  })

  it('names the line, column and value of a row Oracle refuses (batchErrors)', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.method === 'executeMany' && call.sql === statements.insertRow) {
        return {
          rowsAffected: 2,
          batchErrors: [
            {
              offset: 1,
              errorNum: 12899,
              message:
                'ORA-12899: value too large for column "APP"."OCI_FOCUS"."SERVICE_NAME" (actual: 1100, maximum: 1024)',
            },
          ],
        }
      }
      return undefined
    })
    const load = fileLoad(FILE, [
      {
        rows: [...rows(2, 1), ...rows(3, 1, { SERVICE_NAME: 'x'.repeat(1100) }), ...rows(4, 1)],
        rejects: [],
      },
    ])
    const error = (await rejection(loadFileInTransaction(context(connection), load))) as LoadError
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(error).toMatchObject({ file: FILE, line: 3, column: 'ServiceName', value: 'x'.repeat(1100) })
    expect(error.message).toContain(`${FILE}:3 ServiceName: ORA-12899`)
    expect(connection.sequence().slice(-1)).toEqual(['rollback'])
  })

  it('refuses to commit when the database inserted fewer rows than the parser produced', async () => {
    const connection = new FakeOracleConnection((call) =>
      call.method === 'executeMany' ? { rowsAffected: (call.binds as unknown[]).length - 1 } : undefined,
    )
    const error = (await rejection(
      loadFileInTransaction(context(connection), fileLoad(FILE, [{ rows: rows(2, 3), rejects: [] }])),
    )) as LoadError
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(error.message).toContain('got 2 inserted / 3 parsed')
    expect(connection.committed).toEqual([])
  })

  it('rolls back when the commit itself fails, and still reports the commit error', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.method === 'commit') throw oraError(3113, 'end-of-file on communication channel')
      return undefined
    })
    const error = (await rejection(
      loadFileInTransaction(context(connection), fileLoad(FILE, [{ rows: rows(2, 1), rejects: [] }])),
    )) as LoadError
    expect(error.message).toBe(`Oracle commit for ${FILE}: ORA-03113: end-of-file on communication channel`)
    expect(connection.sequence().slice(-2)).toEqual(['commit', 'rollback'])
  })

  it('loads an empty file as zero rows with a ledger row', async () => {
    const connection = new FakeOracleConnection()
    const entry = await loadFileInTransaction(context(connection), fileLoad(FILE, []))
    expect(entry.rows).toBe(0)
    expect(connection.sequence().filter((s) => s.startsWith('executeMany'))).toEqual([])
    expect(connection.sequence().slice(-1)).toEqual(['commit'])
  })
})

describe('long text the database refuses as a LONG bind', () => {
  const longTags = JSON.stringify({ note: 'ü'.repeat(3000) }) // 6,000+ bytes: a LONG bind
  const tagsType = (call: { options?: unknown }) =>
    (call.options as OracleExecuteManyOptions).bindDefs[COLUMN_INDEX['TAGS']!]?.type
  const lobContext = (connection: FakeOracleConnection, warnings: string[]): TransactionContext => ({
    ...context(connection, 2),
    lobFallback: { enabled: false },
    warn: (m) => warnings.push(m),
  })

  it('resends a refused chunk with CLOB binds, once, and keeps CLOB binds afterwards', async () => {
    let refused = 0
    const connection = new FakeOracleConnection((call) => {
      if (call.sql === statements.insertRow && tagsType(call) === oracledb.DB_TYPE_VARCHAR) {
        refused++
        throw oraError(1461, 'can bind a LONG value only for insert into a LONG column')
      }
      return undefined
    })
    const warnings: string[] = []
    const entry = await loadFileInTransaction(
      lobContext(connection, warnings),
      fileLoad(FILE, [{ rows: rows(2, 4, { TAGS: longTags }), rejects: [] }]),
    )
    expect(entry.rows).toBe(4)
    expect(refused).toBe(1)
    const inserts = connection.calls.filter((c) => c.sql === statements.insertRow)
    expect(inserts.map((c) => [tagsType(c)?.name, (c.binds as unknown[]).length])).toEqual([
      ['DB_TYPE_VARCHAR', 2],
      ['DB_TYPE_CLOB', 2],
      ['DB_TYPE_CLOB', 2],
    ])
    expect(warnings).toEqual([expect.stringContaining('temporary CLOBs')])
    expect(connection.sequence().at(-1)).toBe('commit')
  })

  it('resends only the rows refused in batchErrors, so nothing is inserted twice', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql === statements.insertRow && tagsType(call) === oracledb.DB_TYPE_VARCHAR) {
        return {
          rowsAffected: 1,
          batchErrors: [
            { offset: 1, message: 'ORA-01461: can bind a LONG value only for insert into a LONG column' },
          ],
        }
      }
      return undefined
    })
    const batch = [...rows(2, 1), ...rows(3, 1, { TAGS: longTags })]
    const entry = await loadFileInTransaction(
      lobContext(connection, []),
      fileLoad(FILE, [{ rows: batch, rejects: [] }]),
    )
    expect(entry.rows).toBe(2)
    const resent = connection.calls.filter((c) => c.sql === statements.insertRow)[1]!
    expect(tagsType(resent)).toBe(oracledb.DB_TYPE_CLOB)
    expect((resent.binds as unknown[][]).map((r) => r[COLUMN_INDEX['SOURCE_LINE']!])).toEqual([3])
  })

  it('does not retry when no value was long: the error is the error', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql === statements.insertRow)
        throw oraError(1461, 'can bind a LONG value only for insert into a LONG column')
      return undefined
    })
    const error = (await rejection(
      loadFileInTransaction(lobContext(connection, []), fileLoad(FILE, [{ rows: rows(2, 2), rejects: [] }])),
    )) as LoadError
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(connection.calls.filter((c) => c.sql === statements.insertRow)).toHaveLength(1)
    expect(connection.sequence().at(-1)).toBe('rollback')
  })
})

describe('recordFailureInTransaction', () => {
  const failure: LedgerEntry = {
    file: FILE,
    identity: 'etag:3',
    status: 'failed',
    dialect: 'oci-focus',
    rows: 0,
    rejectedRows: 0,
    bytes: 99,
    startedAt: new Date('2026-12-04T10:00:00.000Z'),
    finishedAt: new Date('2026-12-04T10:00:01.000Z'),
    errorCode: 'LOAD_FIELD_COUNT',
    errorMessage: `${FILE}:5: expected 49 fields, got 48`,
    errorLine: 5,
    errorColumn: undefined,
    errorValue: undefined,
  }

  it('replaces only the ledger row, in its own committed transaction', async () => {
    const connection = new FakeOracleConnection()
    await recordFailureInTransaction(context(connection), failure)
    expect(connection.sequence()).toEqual([
      'execute:DELETE FROM "OCI_FOCUS_LOAD_LEDGER"',
      'execute:INSERT INTO "OCI_FOCUS_LOAD_LEDGER"',
      'commit',
    ])
    const insert = connection.calls[1]!.binds as unknown[]
    expect(insert.slice(0, 3)).toEqual([FILE, 'etag:3', 'failed'])
    expect(insert[9]).toBe('LOAD_FIELD_COUNT')
    expect(insert[11]).toBe(5)
  })

  it('rolls back when the ledger write fails', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql?.startsWith('INSERT')) throw oraError(1, 'unique constraint violated')
      return undefined
    })
    const error = (await rejection(recordFailureInTransaction(context(connection), failure))) as LoadError
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(connection.sequence().slice(-1)).toEqual(['rollback'])
    expect(connection.committed).toEqual([])
  })
})
