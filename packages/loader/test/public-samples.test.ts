import { readdirSync, readFileSync } from 'node:fs'
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, test } from 'vitest'
import { FOCUS_MANDATORY } from '../src/dialect.js'
import { loadReports } from '../src/load.js'
import { toCsvLine } from '../src/parse.js'
import { normDecimal, samplePath, sumDecimals, tempDuckDb } from './helpers.js'

// Public files from shared/samples/focus-public (CC-BY-4.0 FinOps Foundation / MIT; see its README).

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

function records(path: string): string[][] {
  return parse(readFileSync(path), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][]
}

describe('FOCUS-Sample-Data 1.0 (NULL tokens, space-separated dates, Id without x_)', () => {
  test('loads all 1,000 rows with exact sums per provider', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const path = samplePath('FOCUS-Sample-Data', 'FOCUS-1.0', 'focus_sample.csv')
    await mkdir(join(db.dir, 'in'))
    await cp(path, join(db.dir, 'in', 'focus_sample.csv'))
    const result = await loadReports({ source: { kind: 'dir', path: join(db.dir, 'in') }, sink: db.sink })
    expect(result.totals).toEqual({ loaded: 1, skipped: 0, failed: 0, rows: 1000, rejectedRows: 0 })
    expect(result.files[0]?.dialect).toBe('focus-1.0')

    // Independent oracle: the file's own numbers summed with BigInt.
    const [header, ...rows] = records(path)
    const col = (name: string) => (header as string[]).indexOf(name)
    const expected = new Map<string, { billed: string[]; effective: string[]; n: number }>()
    for (const row of rows) {
      const provider = row[col('ProviderName')] as string
      const entry = expected.get(provider) ?? { billed: [], effective: [], n: 0 }
      entry.billed.push(row[col('BilledCost')] as string)
      entry.effective.push(row[col('EffectiveCost')] as string)
      entry.n++
      expected.set(provider, entry)
    }
    const loaded = await db.sink.query(
      `SELECT PROVIDER_NAME AS P, COUNT(*) AS N, CAST(SUM(BILLED_COST) AS VARCHAR) AS B,
        CAST(SUM(EFFECTIVE_COST) AS VARCHAR) AS E FROM OCI_FOCUS GROUP BY 1 ORDER BY 1`,
    )
    expect(loaded.map((r) => [r.P, Number(r.N)])).toEqual([
      ['AWS', 942],
      ['Microsoft', 51],
      ['Oracle', 7],
    ])
    for (const r of loaded) {
      const e = expected.get(String(r.P))
      expect(normDecimal(String(r.B))).toBe(sumDecimals(e?.billed ?? []))
      expect(normDecimal(String(r.E))).toBe(sumDecimals(e?.effective ?? []))
    }

    const [nulls] = await db.sink.query(
      `SELECT COUNT(*) FILTER (CHARGE_CLASS IS NULL) AS CC, COUNT(*) FILTER (TAGS IS NULL) AS T,
        COUNT(*) FILTER (X_COLUMNS IS NULL) AS X FROM OCI_FOCUS`,
    )
    expect(nulls).toEqual({ CC: 1000n, T: 289n, X: 0n })
    // First data row: "2024-09-18 22:00:00" taken as UTC; Id kept in X_COLUMNS; 15-digit quantity exact.
    const [first] = await db.sink.query(
      `SELECT strftime(CHARGE_PERIOD_START, '%Y-%m-%d %H:%M:%S') AS S, X_COLUMNS,
        CAST(CONSUMED_QUANTITY AS VARCHAR) AS Q FROM OCI_FOCUS WHERE SOURCE_LINE = 2`,
    )
    expect(first).toEqual({
      S: '2024-09-18 22:00:00',
      X_COLUMNS: '{"Id":"11472"}',
      Q: '2.000000000000000000',
    })
    const [long] = await db.sink.query(
      `SELECT COUNT(*) AS N FROM OCI_FOCUS WHERE length(split_part(CAST(CONSUMED_QUANTITY AS VARCHAR), '.', 2).rtrim('0')) > 12`,
    )
    expect(Number(long?.N)).toBeGreaterThan(0)
  })
})

describe('FOCUS 1.2 specification examples', () => {
  const specDir = () => samplePath('FOCUS_Spec-v1.2', 'specification', 'data')
  const list = (dir: string) =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.csv'))
      .sort()

  test('each file is loaded or refused with the reason that applies to it', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    await cp(specDir(), join(db.dir, 'spec'), { recursive: true })
    const result = await loadReports({ source: { kind: 'dir', path: join(db.dir, 'spec') }, sink: db.sink })
    expect(result.files).toHaveLength(list(specDir()).length)
    for (const file of result.files) {
      expect(file.outcome, file.file).toBe('failed')
      if (file.file.startsWith('commitment_discount')) {
        // Column subsets: refused for missing mandatory columns, named in the message.
        expect(file.errorCode).toBe('LOAD_MISSING_COLUMNS')
        expect(file.reason).toContain('ServiceName')
        expect(file.reason).toContain('BillingAccountId')
      } else if (file.file.includes('simple_agreements')) {
        expect(file).toMatchObject({ errorCode: 'LOAD_BAD_DECIMAL', line: 2, column: 'BilledCost' })
        expect(file.value).toMatch(/^\$[\d,]+\.00 $/)
      } else if (file.file.includes('spend_agreements')) {
        expect(file).toMatchObject({ errorCode: 'LOAD_BAD_TIMESTAMP', line: 2, value: '5/1/25' })
      } else {
        // virtual_currency_*: BOM-prefixed header; BilledCost (first, after the BOM) is recognized.
        expect(file.file).toContain('virtual_currency')
        expect(file.errorCode).toBe('LOAD_MISSING_COLUMNS')
        expect(file.reason).toMatch(/missing ServiceCategory$/)
      }
    }
    const [count] = await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS')
    expect(count?.N).toBe(0n)
    const ledger = await db.sink.listLedger()
    expect(ledger.every((e) => e.status === 'failed' && e.errorMessage !== undefined)).toBe(true)
  })

  test('commitment examples completed with the missing mandatory columns load row for row', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const dirs = ['commitment_discount_flexibility', 'commitment_discount_scenarios']
    let expectedRows = 0
    let nullTokens = 0
    for (const name of dirs.flatMap((d) => list(join(specDir(), d)).map((f) => join(d, f)))) {
      const [header = [], ...rows] = records(join(specDir(), name))
      const missing = FOCUS_MANDATORY.filter((m) => !header.some((h) => h.toLowerCase() === m.toLowerCase()))
      const filler = (m: string) =>
        m.endsWith('Cost') ? '0' : m === 'PricingQuantity' ? '1' : m === 'ChargeClass' ? '' : `example-${m}`
      const lines = [
        toCsvLine([...header, ...missing]),
        ...rows.map((r) => toCsvLine([...r, ...missing.map(filler)])),
      ]
      // Two purchase scenarios carry an impossible time (`2023-02-01T30:00:00Z`): they must fail.
      if (!/purchase_scenario_[23]/.test(name)) expectedRows += rows.length
      nullTokens += rows.flat().filter((v) => v === 'null').length
      await mkdir(join(db.dir, 'in', name, '..'), { recursive: true })
      await writeFile(join(db.dir, 'in', name), `${lines.join('\r\n')}\r\n`)
    }
    const result = await loadReports({ source: { kind: 'dir', path: join(db.dir, 'in') }, sink: db.sink })
    const failed = result.files.filter((f) => f.outcome === 'failed')
    expect(failed.map((f) => [f.file.split('/')[1], f.errorCode, f.column, f.value])).toEqual([
      [
        'commitment_discount_purchase_scenario_2.csv',
        'LOAD_BAD_TIMESTAMP',
        'ChargePeriodEnd',
        '2023-02-01T30:00:00Z',
      ],
      [
        'commitment_discount_purchase_scenario_3.csv',
        'LOAD_BAD_TIMESTAMP',
        'ChargePeriodEnd',
        '2023-02-01T30:00:00Z',
      ],
    ])
    expect(result.totals).toMatchObject({ failed: 2, rows: expectedRows })
    expect(expectedRows).toBeGreaterThan(10)
    expect(nullTokens).toBeGreaterThan(0)
    // The header typo `SkuPriceid` still maps to SKU_PRICE_ID; x_ columns land in X_COLUMNS; `null` → NULL.
    const [row] = await db.sink.query(
      `SELECT SKU_PRICE_ID, X_COLUMNS FROM OCI_FOCUS
       WHERE SOURCE_FILE LIKE '%with_2_resources.csv' AND SOURCE_LINE = 2`,
    )
    expect(row).toEqual({
      SKU_PRICE_ID: 'VM_XLARGE_COMMITTED_PURCHASE_NO_UPFRONT',
      X_COLUMNS: '{"x_CommitmentDiscountUnitPrice":"2.00"}',
    })
    const [q] = await db.sink.query(
      `SELECT COUNT(*) AS N FROM OCI_FOCUS WHERE SOURCE_FILE LIKE '%with_2_resources.csv' AND CONSUMED_QUANTITY IS NULL`,
    )
    expect(Number(q?.N)).toBeGreaterThan(0)
    expect(relative(db.dir, db.dbPath)).toBe('focus.duckdb')
  })
})

describe('files that are not FOCUS', () => {
  test('the legacy OCI cost report is refused as such', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    await mkdir(join(db.dir, 'in'))
    await cp(
      samplePath('focus_converters-OCI-native-NOT-FOCUS', 'reports_cost-csv_0000000030000269.csv'),
      join(db.dir, 'in', 'legacy.csv'),
    )
    const result = await loadReports({ source: { kind: 'dir', path: join(db.dir, 'in') }, sink: db.sink })
    expect(result.files[0]).toMatchObject({ outcome: 'failed', errorCode: 'LOAD_UNKNOWN_DIALECT', line: 1 })
    expect(result.files[0]?.reason).toContain('legacy OCI cost/usage report')
  })
})
