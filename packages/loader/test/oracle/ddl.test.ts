import { describe, expect, it } from 'vitest'
import { isLoadError } from '../../src/errors.js'
import {
  COST_VIEW_DIMENSIONS,
  createDailyViewSql,
  createLedgerSql,
  createMonthlyViewSql,
  createRejectsSql,
  createTableSql,
  createTagPairsSql,
  createTagsViewSql,
  oracleColumnType,
  schemaObjects,
} from '../../src/oracle/ddl.js'
import { oracleNames, quoteIdentifier } from '../../src/oracle/names.js'
import {
  CANONICAL_COLUMNS,
  DECIMAL_PRECISION,
  DECIMAL_SCALE,
  LEDGER_COLUMNS,
  REJECT_COLUMNS,
} from '../../src/schema.js'

const names = oracleNames()

/** `"COL" TYPE` lines of a CREATE TABLE, as a map. */
function columnTypes(sql: string): Map<string, string> {
  const types = new Map<string, string>()
  for (const match of sql.matchAll(/^ {2}"([A-Z0-9_]+)" (.+?),?$/gm)) types.set(match[1]!, match[2]!)
  return types
}

describe('oracle names', () => {
  it('derives every object name from the table and upper-cases it', () => {
    const custom = oracleNames('focus_costs')
    expect(custom.table).toBe('FOCUS_COSTS')
    expect(custom.ledger).toBe('FOCUS_COSTS_LOAD_LEDGER')
    expect(custom.tagPairs).toBe('FOCUS_COSTS_TAG_PAIRS')
    expect(custom.tagsView).toBe('FOCUS_COSTS_TAGS')
  })

  it('keeps every derived name within 128 bytes for the longest table name allowed', () => {
    const longest = oracleNames('T'.repeat(100))
    for (const value of Object.values(longest)) expect(value.length).toBeLessThanOrEqual(128)
  })

  it.each(['OCI_FOCUS; DROP TABLE X', 'A"B', '1TABLE', '_X', 'X-Y', 'SCHEMA.TABLE', '', 'T'.repeat(101)])(
    'rejects %j as a table name with LOAD_INVALID_OPTION',
    (table) => {
      let caught: unknown
      try {
        oracleNames(table)
      } catch (error) {
        caught = error
      }
      expect(isLoadError(caught) && caught.code).toBe('LOAD_INVALID_OPTION')
    },
  )

  it('quotes validated identifiers and refuses anything else', () => {
    expect(quoteIdentifier('DATE')).toBe('"DATE"')
    expect(() => quoteIdentifier('x"; --')).toThrow(/identifier/)
  })
})

describe('oracle DDL', () => {
  it('maps logical types to exact Oracle types', () => {
    const types = columnTypes(createTableSql(names, { partitioned: false }))
    const exact = `NUMBER(${DECIMAL_PRECISION},${DECIMAL_SCALE})`
    expect(exact).toMatch(/^NUMBER\(38,\d+\)$/)
    expect(types.get('BILLED_COST')).toBe(exact)
    expect(types.get('EFFECTIVE_COST')).toBe(exact)
    expect(types.get('CHARGE_PERIOD_START')).toBe('TIMESTAMP(3)')
    expect(types.get('TAGS')).toBe('CLOB')
    expect(types.get('X_COLUMNS')).toBe('CLOB')
    expect(types.get('SERVICE_NAME')).toBe('VARCHAR2(1024 CHAR)')
    expect(types.get('SOURCE_FILE')).toBe('VARCHAR2(1024 CHAR) NOT NULL')
    expect(types.get('SOURCE_LINE')).toBe('NUMBER(19) NOT NULL')
  })

  it('creates every canonical column in schema order', () => {
    const types = columnTypes(createTableSql(names, { partitioned: true }))
    expect([...types.keys()]).toEqual(CANONICAL_COLUMNS.map((c) => c.name))
  })

  it('checks every JSON column with IS JSON and never squeezes Tags into VARCHAR2(4000)', () => {
    const sql = createTableSql(names, { partitioned: true })
    for (const column of CANONICAL_COLUMNS.filter((c) => c.type === 'json')) {
      expect(sql).toContain(`CHECK ("${column.name}" IS JSON)`)
    }
    expect(sql).not.toMatch(/"TAGS" VARCHAR2/)
  })

  it('partitions monthly on CHARGE_PERIOD_START, and the fallback has no partition clause', () => {
    const partitioned = createTableSql(names, { partitioned: true })
    expect(partitioned).toMatch(
      /PARTITION BY RANGE \("CHARGE_PERIOD_START"\) INTERVAL \(NUMTOYMINTERVAL\(1, 'MONTH'\)\)\n\(PARTITION "P_BEFORE_2000" VALUES LESS THAN \(TIMESTAMP '2000-01-01 00:00:00'\)\)$/,
    )
    const plain = createTableSql(names, { partitioned: false })
    expect(plain).not.toContain('PARTITION')
    expect(plain.endsWith(')')).toBe(true)
  })

  it('gives the ledger its columns and a primary key on SOURCE_FILE', () => {
    const sql = createLedgerSql(names)
    expect([...columnTypes(sql).keys()]).toEqual(LEDGER_COLUMNS.map((c) => c.name))
    expect(sql).toContain('CONSTRAINT "OCI_FOCUS_LOAD_LEDGER_PK" PRIMARY KEY ("SOURCE_FILE")')
    expect(columnTypes(sql).get('STARTED_AT')).toBe('TIMESTAMP(3) NOT NULL')
  })

  it('keeps raw rejected text in a CLOB', () => {
    const types = columnTypes(createRejectsSql(names))
    expect([...types.keys()]).toEqual(REJECT_COLUMNS.map((c) => c.name))
    expect(types.get('RAW_TEXT')).toBe('CLOB NOT NULL')
  })

  it('stores tag pairs as byte-limited VARCHAR2 that a view can group by', () => {
    const sql = createTagPairsSql(names)
    expect(sql).toContain('"TAG_KEY" VARCHAR2(4000 BYTE) NOT NULL')
    expect(sql).toContain('"TAG_VALUE" VARCHAR2(4000 BYTE)')
  })

  it('builds daily and monthly cost views over every dimension with billed, effective and list sums', () => {
    for (const [sql, period] of [
      [createDailyViewSql(names), 'TRUNC("CHARGE_PERIOD_START") AS "CHARGE_DATE"'],
      [createMonthlyViewSql(names), `TRUNC("CHARGE_PERIOD_START", 'MM') AS "CHARGE_MONTH"`],
    ] as const) {
      expect(sql).toMatch(/^CREATE OR REPLACE VIEW "OCI_FOCUS_(DAILY|MONTHLY)_COST" AS/)
      expect(sql).toContain(period)
      for (const dim of COST_VIEW_DIMENSIONS) expect(sql).toContain(`"${dim}"`)
      for (const cost of ['BILLED_COST', 'EFFECTIVE_COST', 'LIST_COST']) {
        expect(sql).toContain(`SUM("${cost}") AS "${cost}"`)
      }
      const groupBy = sql.slice(sql.indexOf('GROUP BY'))
      for (const dim of COST_VIEW_DIMENSIONS) expect(groupBy).toContain(`"${dim}"`)
    }
  })

  it('joins tag pairs to their charge rows by file and line', () => {
    const sql = createTagsViewSql(names)
    expect(sql).toContain('FROM "OCI_FOCUS_TAG_PAIRS" p')
    expect(sql).toContain(
      'JOIN "OCI_FOCUS" f ON f."SOURCE_FILE" = p."SOURCE_FILE" AND f."SOURCE_LINE" = p."SOURCE_LINE"',
    )
    expect(sql).toContain('p."TAG_KEY", p."TAG_VALUE"')
  })

  it('orders the schema plan tables, then indexes, then views, with a fallback only for the main table', () => {
    const objects = schemaObjects(names)
    expect(objects.map((o) => o.kind)).toEqual([
      'table',
      'table',
      'table',
      'table',
      'index',
      'index',
      'index',
      'view',
      'view',
      'view',
    ])
    expect(objects.filter((o) => o.fallbackSql !== undefined).map((o) => o.name)).toEqual(['OCI_FOCUS'])
  })

  it('has a type for every logical type', () => {
    expect(
      oracleColumnType({ name: 'X', type: 'text', nullable: true, origin: 'lineage', sourceName: '' }),
    ).toBe('CLOB')
    expect(
      oracleColumnType({ name: 'X', type: 'integer', nullable: true, origin: 'lineage', sourceName: '' }),
    ).toBe('NUMBER(19)')
  })
})
