import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { isLoadError, type LoadError } from '../../src/errors.js'
import { driverMessage } from '../../src/oracle/driver.js'
import { ensureOracleSchema } from '../../src/oracle/ensure.js'
import { oracleNames } from '../../src/oracle/names.js'
import { normalizeNumberText } from '../../src/oracle/reports.js'
import {
  connectAttributes,
  createOracleSink,
  createOracleSinkWith,
  describeConnectString,
} from '../../src/oracle/sink.js'
import { FakeOracleConnection, fakeDriver, oraError } from './fakes.js'

const PASSWORD = 'S3cret-DB-pa55'
const WALLET_PASSWORD = 'W4llet-pa55'
const base = { connectString: '127.0.0.1:1521/FREEPDB1', user: 'app', password: PASSWORD }

async function rejection(promise: Promise<unknown>): Promise<LoadError> {
  try {
    await promise
  } catch (error) {
    if (isLoadError(error)) return error
    throw error
  }
  throw new Error('expected a rejection')
}

/** A 127.0.0.1 port that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('createOracleSink options', () => {
  it('rejects a table name that is not a plain identifier before connecting', () => {
    let caught: unknown
    try {
      createOracleSink({ ...base, table: 'X" CASCADE --' })
    } catch (error) {
      caught = error
    }
    expect(isLoadError(caught) && caught.code).toBe('LOAD_INVALID_OPTION')
  })

  it('requires connect string, user and password', () => {
    expect(() => createOracleSink({ connectString: '', user: '', password: '' })).toThrow(
      'Oracle sink: connectString, user, password must be set, got nothing',
    )
  })

  it('passes wallet options as Thin-mode configDir / walletLocation / walletPassword', () => {
    expect(
      connectAttributes({
        ...base,
        walletDir: '/w',
        walletPassword: WALLET_PASSWORD,
        connectTimeoutSeconds: 7,
      }),
    ).toEqual({
      ...base,
      configDir: '/w',
      walletLocation: '/w',
      walletPassword: WALLET_PASSWORD,
      connectTimeout: 7,
      transportConnectTimeout: 7,
    })
    expect(connectAttributes({ ...base, walletDir: '/w', configDir: '/tns' }).configDir).toBe('/tns')
    // One-way TLS: a plain (tcps) connect string, no wallet attributes at all.
    expect(Object.keys(connectAttributes(base)).sort()).toEqual(
      ['connectString', 'connectTimeout', 'password', 'transportConnectTimeout', 'user'].sort(),
    )
  })

  it('shows connect strings without an embedded user/password', () => {
    expect(describeConnectString('scott/tiger@db.example:1521/svc')).toBe('db.example:1521/svc')
    expect(describeConnectString('mydb_high')).toBe('mydb_high')
  })
})

describe('connecting', () => {
  it('fails fast with a clear LoadError when nothing listens, without the password', async () => {
    const port = await closedPort()
    const sink = createOracleSink({
      connectString: `127.0.0.1:${port}/FREEPDB1`,
      user: 'app',
      password: PASSWORD,
      walletPassword: WALLET_PASSWORD,
      connectTimeoutSeconds: 5,
    })
    const error = await rejection(sink.ensureSchema())
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(error.message).toMatch(
      new RegExp(`^Oracle connection: could not connect as app to 127\\.0\\.0\\.1:${port}/FREEPDB1: `),
    )
    expect(error.message).toContain('NJS-503')
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).not.toContain(PASSWORD)
    expect(error.message).not.toContain(WALLET_PASSWORD)
    expect(JSON.stringify(error)).not.toContain(PASSWORD)
    expect(error.cause).toBeUndefined()
    await sink.close()
  })

  it('redacts secrets that a driver message might echo and hints at bad credentials', async () => {
    const driver = fakeDriver(
      new FakeOracleConnection(),
      oraError(1017, `invalid credential or not authorized; logon denied (${PASSWORD} / ${WALLET_PASSWORD})`),
    )
    const sink = createOracleSinkWith(
      { ...base, walletDir: '/w', walletPassword: WALLET_PASSWORD },
      { driver },
    )
    const error = await rejection(sink.listLedger())
    expect(error.message).toContain('(check the user and password)')
    expect(error.message).toContain('ORA-01017')
    expect(error.message).not.toContain(PASSWORD)
    expect(error.message).not.toContain(WALLET_PASSWORD)
    expect(driver.attributes[0]).toMatchObject({ walletLocation: '/w', configDir: '/w' })
  })

  it('connects lazily, once, and releases the connection on close', async () => {
    const connection = new FakeOracleConnection()
    const driver = fakeDriver(connection)
    const sink = createOracleSinkWith(base, { driver })
    expect(driver.attributes).toHaveLength(0)
    await sink.listLedger()
    await sink.getLedgerEntry('a.csv')
    expect(driver.attributes).toHaveLength(1)
    await sink.close()
    await sink.close()
    expect(connection.sequence().filter((s) => s === 'close')).toHaveLength(1)
    expect((await rejection(sink.listLedger())).message).toContain('after close()')
  })

  it('retries the connection after a failed attempt', async () => {
    const connection = new FakeOracleConnection()
    let attempts = 0
    const driver = {
      ...fakeDriver(connection),
      async getConnection() {
        attempts++
        if (attempts === 1) throw new Error('NJS-503: connection refused')
        return connection
      },
    }
    const sink = createOracleSinkWith(base, { driver })
    await rejection(sink.listLedger())
    await expect(sink.listLedger()).resolves.toEqual([])
    expect(attempts).toBe(2)
  })
})

describe('ensureOracleSchema', () => {
  const names = oracleNames()
  const driver = fakeDriver(new FakeOracleConnection())

  it('creates only what USER_TABLES / USER_INDEXES lack, and always refreshes the views', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql?.includes('FROM USER_TABLES')) return { rows: [['OCI_FOCUS'], ['OCI_FOCUS_LOAD_LEDGER']] }
      if (call.sql?.includes('FROM USER_INDEXES')) return { rows: [['OCI_FOCUS_FILE_IX']] }
      return undefined
    })
    const result = await ensureOracleSchema(connection, driver, names)
    expect(connection.sequence()).toEqual([
      'execute:SELECT TABLE_NAME',
      'execute:SELECT INDEX_NAME',
      'execute:CREATE TABLE "OCI_FOCUS_REJECTS"',
      'execute:CREATE TABLE "OCI_FOCUS_TAG_PAIRS"',
      'execute:CREATE INDEX "OCI_FOCUS_REJECTS_FILE_IX"',
      'execute:CREATE INDEX "OCI_FOCUS_TAG_PAIRS_FILE_IX"',
      'execute:CREATE OR REPLACE VIEW "OCI_FOCUS_DAILY_COST"',
      'execute:CREATE OR REPLACE VIEW "OCI_FOCUS_MONTHLY_COST"',
      'execute:CREATE OR REPLACE VIEW "OCI_FOCUS_TAGS"',
    ])
    expect(connection.calls[0]!.binds).toEqual([
      'OCI_FOCUS',
      'OCI_FOCUS_LOAD_LEDGER',
      'OCI_FOCUS_REJECTS',
      'OCI_FOCUS_TAG_PAIRS',
    ])
    expect(result.partitioned).toBeUndefined()
  })

  it('falls back to an unpartitioned table when Partitioning is not enabled (ORA-00439), and says so', async () => {
    const warnings: string[] = []
    const connection = new FakeOracleConnection((call) => {
      if (call.sql?.startsWith('CREATE TABLE "OCI_FOCUS" ') && call.sql.includes('PARTITION BY')) {
        throw oraError(439, 'feature not enabled: Partitioning')
      }
      return undefined
    })
    const result = await ensureOracleSchema(connection, driver, names, { warn: (m) => warnings.push(m) })
    expect(result.partitioned).toBe(false)
    const tableCreates = connection.calls.filter((c) => c.sql?.startsWith('CREATE TABLE "OCI_FOCUS" '))
    expect(tableCreates).toHaveLength(2)
    expect(tableCreates[1]!.sql).not.toContain('PARTITION')
    expect(warnings).toEqual([expect.stringContaining('partitioning is not enabled')])
    expect(result.created).toContain('OCI_FOCUS')
  })

  it('treats ORA-00955 (created meanwhile by another run) as existing', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql?.startsWith('CREATE TABLE') || call.sql?.startsWith('CREATE INDEX'))
        throw oraError(955, 'name is already used')
      return undefined
    })
    const result = await ensureOracleSchema(connection, driver, names)
    expect(result.created).toEqual(['OCI_FOCUS_DAILY_COST', 'OCI_FOCUS_MONTHLY_COST', 'OCI_FOCUS_TAGS'])
  })

  it('reports any other DDL failure as LOAD_SINK_ERROR naming the object', async () => {
    const connection = new FakeOracleConnection((call) => {
      if (call.sql?.startsWith('CREATE OR REPLACE VIEW')) throw oraError(1031, 'insufficient privileges')
      return undefined
    })
    const error = await rejection(ensureOracleSchema(connection, driver, names))
    expect(error.code).toBe('LOAD_SINK_ERROR')
    expect(error.message).toBe('Oracle create view OCI_FOCUS_DAILY_COST: ORA-01031: insufficient privileges')
  })

  it('stops with LOAD_ABORTED when the signal is aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await rejection(
      ensureOracleSchema(new FakeOracleConnection(), driver, names, { signal: controller.signal }),
    )
    expect(error.code).toBe('LOAD_ABORTED')
  })
})

describe('ledger reads', () => {
  it('maps ledger rows, with ISO timestamps, to LedgerEntry', async () => {
    const connection = new FakeOracleConnection((call) =>
      call.sql?.includes('FROM "OCI_FOCUS_LOAD_LEDGER"')
        ? {
            rows: [
              {
                SOURCE_FILE: 'a.csv',
                FILE_IDENTITY: 'md5:x',
                STATUS: 'loaded',
                DIALECT: 'oci-focus',
                ROWS_LOADED: 10,
                ROWS_REJECTED: 0,
                FILE_BYTES: null,
                STARTED_AT: '2026-12-04T10:00:00.000Z',
                FINISHED_AT: '2026-12-04T10:00:01.250Z',
                ERROR_CODE: null,
                ERROR_MESSAGE: null,
                ERROR_LINE: null,
                ERROR_COLUMN: null,
                ERROR_VALUE: null,
              },
            ],
          }
        : undefined,
    )
    const sink = createOracleSinkWith(base, { driver: fakeDriver(connection) })
    const entry = await sink.getLedgerEntry('a.csv')
    expect(entry).toEqual({
      file: 'a.csv',
      identity: 'md5:x',
      status: 'loaded',
      dialect: 'oci-focus',
      rows: 10,
      rejectedRows: 0,
      bytes: undefined,
      startedAt: new Date('2026-12-04T10:00:00.000Z'),
      finishedAt: new Date('2026-12-04T10:00:01.250Z'),
      errorCode: undefined,
      errorMessage: undefined,
      errorLine: undefined,
      errorColumn: undefined,
      errorValue: undefined,
    })
    const query = connection.calls.at(-1)!
    expect(query.sql).toContain(`TO_CHAR("STARTED_AT", 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"') AS "STARTED_AT"`)
    expect(query.sql).toMatch(/WHERE "SOURCE_FILE" = :1$/)
    expect(query.binds).toEqual(['a.csv'])
  })
})

describe('driverMessage', () => {
  it('keeps every line of a driver error but the Help link', () => {
    const error = new Error(
      'ORA-00942: table or view does not exist\nHelp: https://docs.oracle.com/error-help/db/ora-00942/',
    )
    expect(driverMessage(error)).toBe('ORA-00942: table or view does not exist')
    expect(driverMessage(new Error('NJS-503: refused.\nconnect ECONNREFUSED 127.0.0.1:9'))).toBe(
      'NJS-503: refused.: connect ECONNREFUSED 127.0.0.1:9',
    )
  })
})

describe('report queries', () => {
  it('gives Oracle number text a leading zero', () => {
    expect(normalizeNumberText('.5')).toBe('0.5')
    expect(normalizeNumberText('-.25')).toBe('-0.25')
    expect(normalizeNumberText('12.5')).toBe('12.5')
    expect(normalizeNumberText(null)).toBe('0')
  })

  it('binds the range as UTC text edges and fetches sums as exact strings', async () => {
    const connection = new FakeOracleConnection((call) =>
      call.sql?.includes('CHARGE_DAY')
        ? {
            rows: [
              {
                CHARGE_DAY: '2025-04-05',
                SERVICE_NAME: 'COMPUTE',
                CURRENCY_CODE: 'USD',
                BILLED_SUM: '.000000000000000001',
                EFFECTIVE_SUM: '12345678901234567890.5',
                LIST_SUM: '0',
                ROW_TOTAL: 3,
              },
            ],
          }
        : undefined,
    )
    const sink = createOracleSinkWith(base, { driver: fakeDriver(connection) })
    const rows = await sink.reports.dailyCostByService({ from: '2025-04-05', to: '2025-04-06' })
    expect(rows).toEqual([
      {
        day: '2025-04-05',
        serviceName: 'COMPUTE',
        currency: 'USD',
        billedCost: '0.000000000000000001',
        effectiveCost: '12345678901234567890.5',
        listCost: '0',
        rows: 3,
      },
    ])
    const call = connection.calls.at(-1)!
    expect(call.binds).toEqual({ from_day: '2025-04-05 00:00:00.000', to_day: '2025-04-07 00:00:00.000' })
    expect(call.sql).toContain(
      `"CHARGE_PERIOD_START" >= TO_TIMESTAMP(:from_day, 'YYYY-MM-DD HH24:MI:SS.FF3')`,
    )
    const fetchInfo = (call.options as { fetchInfo?: Record<string, unknown> }).fetchInfo
    expect(Object.keys(fetchInfo ?? {})).toEqual(['BILLED_SUM', 'EFFECTIVE_SUM', 'LIST_SUM'])
  })

  it('compares month to date like for like with the shared windows', async () => {
    const connection = new FakeOracleConnection(() => ({ rows: [] }))
    const sink = createOracleSinkWith(base, { driver: fakeDriver(connection) })
    await sink.reports.monthToDate('2025-03-31')
    expect(connection.calls.at(-1)!.binds).toEqual({
      month_start: '2025-03-01 00:00:00.000',
      as_of_next: '2025-04-01 00:00:00.000',
      previous_start: '2025-02-01 00:00:00.000',
      previous_same_end: '2025-03-01 00:00:00.000',
    })
  })

  it('rejects a bad limit or range before querying', async () => {
    const connection = new FakeOracleConnection()
    const sink = createOracleSinkWith(base, { driver: fakeDriver(connection) })
    expect(
      (await rejection(sink.reports.topResources({ from: '2025-04-01', to: '2025-04-02' }, 0))).code,
    ).toBe('LOAD_INVALID_OPTION')
    expect(
      (await rejection(sink.reports.topCompartments({ from: '2025-04-31', to: '2025-05-01' }, 5))).code,
    ).toBe('LOAD_INVALID_OPTION')
    expect(connection.calls).toEqual([])
  })
})

describe('a connection that dies', () => {
  it('is dropped after a fatal error so the next call reconnects', async () => {
    const first = new FakeOracleConnection(() => {
      throw new Error('NJS-500: connection to the Oracle Database was broken')
    })
    const second = new FakeOracleConnection()
    const connections = [first, second]
    let attempts = 0
    const driver = {
      ...fakeDriver(first),
      async getConnection() {
        return connections[attempts++]!
      },
    }
    const sink = createOracleSinkWith(base, { driver })
    const error = await rejection(sink.listLedger())
    expect(error.message).toContain('NJS-500')
    await expect(sink.listLedger()).resolves.toEqual([])
    expect(attempts).toBe(2)
    expect(first.sequence()).toContain('close')
    await sink.close()
  })

  it('is kept after an ordinary SQL error', async () => {
    const connection = new FakeOracleConnection(() => {
      throw oraError(942, 'table or view does not exist')
    })
    const driver = fakeDriver(connection)
    const sink = createOracleSinkWith(base, { driver })
    await rejection(sink.listLedger())
    await rejection(sink.listLedger())
    expect(driver.attributes).toHaveLength(1)
  })
})
