import oracledb from 'oracledb'
import { afterEach, describe, expect, it } from 'vitest'
import { isLoadError, type LoadError } from '../../src/errors.js'
import {
  bindCanonicalRows,
  bindCell,
  bindDefsFor,
  bindLedgerEntry,
  bindRejects,
  bindTagPairs,
  cutUtf8,
  DECIMAL_FORMAT,
  formatTimestamp,
  insertSql,
  loadStatements,
  TAG_PAIR_COLUMNS,
} from '../../src/oracle/binds.js'
import { oracleNames } from '../../src/oracle/names.js'
import {
  CANONICAL_COLUMNS,
  COLUMN_INDEX,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  LEDGER_COLUMNS,
  REJECT_COLUMNS,
} from '../../src/schema.js'
import { canonicalRow, reject } from './fakes.js'

const FILE = 'FOCUS Reports/2025/04/05/0001000000123456-00001.csv'
const billed = CANONICAL_COLUMNS[COLUMN_INDEX['BILLED_COST']!]!
const start = CANONICAL_COLUMNS[COLUMN_INDEX['CHARGE_PERIOD_START']!]!

function loadErrorOf(run: () => unknown): LoadError {
  try {
    run()
  } catch (error) {
    if (isLoadError(error)) return error
    throw error
  }
  throw new Error('expected a LoadError')
}

describe('insert SQL', () => {
  it('binds one placeholder per column and converts decimals and timestamps in SQL', () => {
    const sql = insertSql('OCI_FOCUS', CANONICAL_COLUMNS)
    const placeholders = [...sql.matchAll(/:(\d+)/g)].map((m) => Number(m[1]))
    expect(placeholders).toEqual(CANONICAL_COLUMNS.map((_, i) => i + 1))
    const billedPosition = COLUMN_INDEX['BILLED_COST']! + 1
    expect(sql).toContain(
      `TO_NUMBER(:${billedPosition}, '${DECIMAL_FORMAT}', 'NLS_NUMERIC_CHARACTERS=''.,''')`,
    )
    const startPosition = COLUMN_INDEX['CHARGE_PERIOD_START']! + 1
    expect(sql).toContain(`TO_TIMESTAMP(:${startPosition}, 'YYYY-MM-DD HH24:MI:SS.FF3')`)
    const tagsPosition = COLUMN_INDEX['TAGS']! + 1
    expect(sql).toMatch(new RegExp(`, :${tagsPosition},`))
  })

  it('has a number format wide enough for every digit the schema allows', () => {
    const [integer, fraction] = DECIMAL_FORMAT.split('D')
    expect(integer).toBe('9'.repeat(DECIMAL_PRECISION - DECIMAL_SCALE))
    expect(fraction).toBe('9'.repeat(DECIMAL_SCALE))
  })

  it('deletes a file by SOURCE_FILE from the table, tag pairs, rejects and ledger', () => {
    const statements = loadStatements(oracleNames('my_table'))
    expect(statements.deleteRows).toBe('DELETE FROM "MY_TABLE" WHERE "SOURCE_FILE" = :1')
    expect(statements.deleteTagPairs).toBe('DELETE FROM "MY_TABLE_TAG_PAIRS" WHERE "SOURCE_FILE" = :1')
    expect(statements.deleteRejects).toBe('DELETE FROM "MY_TABLE_REJECTS" WHERE "SOURCE_FILE" = :1')
    expect(statements.deleteLedger).toBe('DELETE FROM "MY_TABLE_LOAD_LEDGER" WHERE "SOURCE_FILE" = :1')
    expect(
      statements.insertLedger.startsWith(
        'INSERT INTO "MY_TABLE_LOAD_LEDGER" ("SOURCE_FILE", "FILE_IDENTITY"',
      ),
    ).toBe(true)
  })
})

describe('bind values', () => {
  it('keeps decimal text exact: no JS number on the way', () => {
    const value = '12345678901234567890.123456789012345678'
    expect(bindCell(billed, value, { file: FILE, line: 2 })).toBe(value)
    expect(bindCell(billed, '-0.000000000000000001', { file: FILE, line: 2 })).toBe('-0.000000000000000001')
  })

  it.each(['1e5', '1,5', '+1', '.5', '1.', ' 1', '0x10', `1.${'1'.repeat(19)}`, '1'.repeat(21)])(
    'rejects decimal %j naming file, line and column',
    (value) => {
      const error = loadErrorOf(() => bindCell(billed, value, { file: FILE, line: 7 }))
      expect(error.code).toBe('LOAD_BAD_DECIMAL')
      expect(error).toMatchObject({ file: FILE, line: 7, column: 'BilledCost', value })
      expect(error.message).toContain(`${FILE}:7 BilledCost`)
    },
  )

  describe('timestamps', () => {
    const savedTz = process.env.TZ
    afterEach(() => {
      if (savedTz === undefined) delete process.env.TZ
      else process.env.TZ = savedTz
    })

    it('formats a Date as UTC text whatever the process time zone', () => {
      process.env.TZ = 'Asia/Kolkata'
      const date = new Date('2025-04-30T23:45:06.789Z')
      expect(date.getDate()).toBe(1) // local day differs: the trap a DB_TYPE_TIMESTAMP bind falls into
      expect(formatTimestamp(date)).toBe('2025-04-30 23:45:06.789')
      expect(bindCell(start, date, { file: FILE, line: 2 })).toBe('2025-04-30 23:45:06.789')
    })

    it('rejects invalid and out-of-range dates', () => {
      expect(formatTimestamp(new Date(Number.NaN))).toBeUndefined()
      expect(formatTimestamp(new Date('+010000-01-01T00:00:00Z'))).toBeUndefined()
      const error = loadErrorOf(() => bindCell(start, new Date(Number.NaN), { file: FILE, line: 3 }))
      expect(error.code).toBe('LOAD_BAD_TIMESTAMP')
      expect(error.column).toBe('ChargePeriodStart')
    })
  })

  it('binds canonical rows and measures the widest string in bytes, not characters', () => {
    const wide = 'ü'.repeat(10) // 20 bytes
    const { rows, maxBytes } = bindCanonicalRows(
      [
        canonicalRow(FILE, 2, { SERVICE_NAME: 'Compute', BILLED_COST: '1.5' }),
        canonicalRow(FILE, 3, { SERVICE_NAME: wide, BILLED_COST: null }),
      ],
      FILE,
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]![COLUMN_INDEX['BILLED_COST']!]).toBe('1.5')
    expect(rows[1]![COLUMN_INDEX['BILLED_COST']!]).toBeNull()
    expect(rows[0]![COLUMN_INDEX['SOURCE_LINE']!]).toBe(2)
    expect(maxBytes[COLUMN_INDEX['SERVICE_NAME']!]).toBe(20)
    const defs = bindDefsFor(oracledb, CANONICAL_COLUMNS, maxBytes)
    expect(defs[COLUMN_INDEX['SERVICE_NAME']!]).toEqual({ type: oracledb.DB_TYPE_VARCHAR, maxSize: 20 })
    expect(defs[COLUMN_INDEX['SOURCE_LINE']!]).toEqual({ type: oracledb.DB_TYPE_NUMBER })
    expect(defs[COLUMN_INDEX['BILLED_COST']!]?.type).toBe(oracledb.DB_TYPE_VARCHAR)
    expect(defs[COLUMN_INDEX['BILLED_COST']!]?.maxSize).toBeGreaterThanOrEqual(DECIMAL_PRECISION + 2)
    // Columns that were NULL in every row still get a legal maxSize.
    expect(defs[COLUMN_INDEX['TAGS']!]?.maxSize).toBe(1)
  })

  it('refuses a row without ChargePeriodStart (the partition key) naming its line', () => {
    const error = loadErrorOf(() =>
      bindCanonicalRows([canonicalRow(FILE, 9, { CHARGE_PERIOD_START: null })], FILE),
    )
    expect(error.code).toBe('LOAD_REQUIRED_VALUE')
    expect(error).toMatchObject({ file: FILE, line: 9, column: 'ChargePeriodStart' })
  })

  it('refuses a row that belongs to another file or has the wrong width', () => {
    expect(loadErrorOf(() => bindCanonicalRows([canonicalRow('other.csv', 2)], FILE)).code).toBe(
      'LOAD_SINK_ERROR',
    )
    expect(loadErrorOf(() => bindCanonicalRows([canonicalRow(FILE, 2).slice(1)], FILE)).code).toBe(
      'LOAD_SINK_ERROR',
    )
  })
})

describe('tag pairs', () => {
  it('explodes the Tags object to one pair per key, values as text', () => {
    const tags =
      '{"Oracle-Tags.CreatedBy":"ocid1.user.oc1..x","team":"Финансы 💶","n":1.50,"flag":true,"nested":{"a":[1]},"none":null,"empty":""}'
    const { rows } = bindTagPairs([canonicalRow(FILE, 4, { TAGS: tags }), canonicalRow(FILE, 5)], FILE)
    expect(rows).toEqual([
      [FILE, 4, 'Oracle-Tags.CreatedBy', 'ocid1.user.oc1..x', 'N'],
      [FILE, 4, 'team', 'Финансы 💶', 'N'],
      [FILE, 4, 'n', '1.5', 'N'],
      [FILE, 4, 'flag', 'true', 'N'],
      [FILE, 4, 'nested', '{"a":[1]}', 'N'],
      [FILE, 4, 'none', null, 'N'],
      [FILE, 4, 'empty', '', 'N'],
    ])
  })

  it('yields no pairs for JSON that is not an object', () => {
    expect(
      bindTagPairs([canonicalRow(FILE, 2, { TAGS: '[1,2]' }), canonicalRow(FILE, 3, { TAGS: '"x"' })], FILE)
        .rows,
    ).toEqual([])
  })

  it('cuts a value over 4,000 bytes at a character boundary and flags it', () => {
    const long = '€'.repeat(2000) // 6,000 bytes
    const { rows, maxBytes } = bindTagPairs(
      [canonicalRow(FILE, 2, { TAGS: JSON.stringify({ k: long }) })],
      FILE,
    )
    const value = rows[0]![3] as string
    expect(Buffer.byteLength(value)).toBe(3999)
    expect(long.startsWith(value)).toBe(true)
    expect(rows[0]![4]).toBe('Y')
    expect(maxBytes[3]).toBe(3999)
  })

  it('names the line of Tags that are not JSON', () => {
    const error = loadErrorOf(() => bindTagPairs([canonicalRow(FILE, 6, { TAGS: '{"a":' })], FILE))
    expect(error).toMatchObject({ code: 'LOAD_BAD_JSON', file: FILE, line: 6, column: 'Tags' })
  })

  it('binds tag pairs through plain placeholders', () => {
    expect(insertSql('T_TAG_PAIRS', TAG_PAIR_COLUMNS)).toBe(
      'INSERT INTO "T_TAG_PAIRS" ("SOURCE_FILE", "SOURCE_LINE", "TAG_KEY", "TAG_VALUE", "TAG_TRUNCATED") VALUES (:1, :2, :3, :4, :5)',
    )
  })
})

describe('cutUtf8', () => {
  it('never splits a surrogate pair or multi-byte character', () => {
    expect(cutUtf8('a😀b', 4)).toEqual({ text: 'a', cut: true })
    expect(cutUtf8('a😀b', 5)).toEqual({ text: 'a😀', cut: true })
    expect(cutUtf8('a😀b', 6)).toEqual({ text: 'a😀b', cut: false })
  })
})

describe('rejects and ledger binds', () => {
  it('binds rejects in REJECT_COLUMNS order with the whole raw text', () => {
    const raw = `x,${'y'.repeat(10_000)}`
    const { rows, maxBytes } = bindRejects([reject(FILE, 12, raw)])
    expect(rows[0]).toHaveLength(REJECT_COLUMNS.length)
    expect(rows[0]!.slice(0, 3)).toEqual([FILE, 12, 'LOAD_BAD_DECIMAL'])
    expect(rows[0]![6]).toBe(raw)
    expect(rows[0]![7]).toBe('2026-12-04 10:00:01.000')
    expect(maxBytes[6]).toBe(raw.length)
  })

  it('binds a ledger entry with timestamps as UTC text and long messages cut to fit VARCHAR2', () => {
    const binds = bindLedgerEntry({
      file: FILE,
      identity: 'etag:1',
      status: 'failed',
      dialect: undefined,
      rows: 0,
      rejectedRows: 0,
      bytes: undefined,
      startedAt: new Date('2026-12-04T10:00:00.000Z'),
      finishedAt: new Date('2026-12-04T10:00:02.500Z'),
      errorCode: 'LOAD_CSV_SYNTAX',
      errorMessage: 'ä'.repeat(3000),
      errorLine: 17,
      errorColumn: 'BilledCost',
      errorValue: undefined,
    })
    expect(binds).toHaveLength(LEDGER_COLUMNS.length)
    expect(binds.slice(0, 9)).toEqual([
      FILE,
      'etag:1',
      'failed',
      null,
      0,
      0,
      null,
      '2026-12-04 10:00:00.000',
      '2026-12-04 10:00:02.500',
    ])
    expect(Buffer.byteLength(binds[10] as string)).toBe(4000)
    expect(binds[11]).toBe(17)
  })
})
