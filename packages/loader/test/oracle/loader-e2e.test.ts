/**
 * The real loader (csv-parse, dialect mapping, conversion) feeding the Oracle sink, with a fake
 * database at the node-oracledb boundary: proves, without a server, that generated OCI reports
 * reach the driver as exact decimal text and UTC timestamps, once per file, and that the ledger
 * round trip makes a second load skip everything.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type GeneratedFile, generateFocusReports } from '@oci-focus/emulator'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, test } from 'vitest'
import { loadReports } from '../../src/load.js'
import type { OracleBindValue } from '../../src/oracle/driver.js'
import { createOracleSinkWith } from '../../src/oracle/sink.js'
import { DECIMAL_SCALE } from '../../src/schema.js'
import { FakeOracleDatabase, fakeDriver } from './fakes.js'

const options = { connectString: '127.0.0.1:1/FREEPDB1', user: 'app', password: 'pw' }

/** Exact per `${service}|${day}` sums of bound BilledCost text (BigInt, no float anywhere). */
function sumsByServiceDay(
  rows: readonly Record<string, OracleBindValue>[],
): Record<string, { billed: string; rows: number }> {
  const totals = new Map<string, { billed: bigint; rows: number }>()
  for (const row of rows) {
    const key = `${row['SERVICE_NAME']}|${String(row['CHARGE_PERIOD_START']).slice(0, 10)}`
    const text = String(row['BILLED_COST'] ?? '0')
    const [integer = '0', fraction = ''] = text.replace('-', '').split('.')
    const scaled = BigInt(integer + fraction.padEnd(DECIMAL_SCALE, '0')) * (text.startsWith('-') ? -1n : 1n)
    const entry = totals.get(key) ?? { billed: 0n, rows: 0 }
    entry.billed += scaled
    entry.rows++
    totals.set(key, entry)
  }
  return Object.fromEntries(
    [...totals].map(([key, v]) => [key, { billed: formatScaled(v.billed), rows: v.rows }]),
  )
}

function formatScaled(value: bigint): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(DECIMAL_SCALE + 1, '0')
  const fraction = digits.slice(-DECIMAL_SCALE).replace(/0+$/, '')
  const integer = digits.slice(0, -DECIMAL_SCALE)
  return `${negative && /[1-9]/.test(integer + fraction) ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`
}

function normalize(text: string): string {
  const [integer = '0', fraction = ''] = text.replace('-', '').split('.')
  const trimmed = fraction.replace(/0+$/, '')
  const body = `${integer.replace(/^0+(?=\d)/, '')}${trimmed ? `.${trimmed}` : ''}`
  return text.startsWith('-') && /[1-9]/.test(body) ? `-${body}` : body
}

async function writeReports(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(join(dir, file.name)), { recursive: true })
    await writeFile(join(dir, file.name), file.gz)
  }
}

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('loader → Oracle sink at the driver boundary', () => {
  test('generated reports bind exact totals; a second load skips; a rewrite replaces its rows', async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-focus-oracle-e2e-'))
    const reports = generateFocusReports({
      seed: 3,
      startDate: '2025-04-29',
      days: 3,
      filesPerDay: 2,
      rowsPerFile: 250,
      rewrite: { day: '2025-04-30' },
    })
    const first = reports.files.filter((f) => f.version === 1)
    await writeReports(dir, first)
    const db = new FakeOracleDatabase()
    const sink = createOracleSinkWith({ ...options, rowsPerExecute: 100 }, { driver: fakeDriver(db) })
    const expected = (files: readonly GeneratedFile[]) =>
      Object.fromEntries(
        Object.entries(reports.expectedFor(files).byServiceDay).map(([key, v]) => [
          key,
          { billed: normalize(v.billedCost), rows: v.rows },
        ]),
      )

    const loaded = await loadReports({ source: { kind: 'dir', path: dir }, sink, batchSize: 120 })
    expect(loaded.totals).toMatchObject({ loaded: first.length, failed: 0 })
    expect(sumsByServiceDay(db.rows('OCI_FOCUS'))).toEqual(expected(first))
    // Every file was its own transaction: one commit per file (DDL is not DML and commits itself).
    expect(db.sequence().filter((s) => s === 'commit')).toHaveLength(first.length)
    // Timestamps left as UTC text for TO_TIMESTAMP, money as plain decimal text.
    const sample = db.rows('OCI_FOCUS')[0]!
    expect(sample['CHARGE_PERIOD_START']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/)
    expect(sample['BILLED_COST']).toMatch(/^-?\d+(\.\d+)?$/)

    const again = await loadReports({ source: { kind: 'dir', path: dir }, sink })
    expect(again.totals).toMatchObject({ loaded: 0, skipped: first.length })

    await writeReports(
      dir,
      reports.files.filter((f) => f.version === 2),
    )
    const rewritten = await loadReports({ source: { kind: 'dir', path: dir }, sink })
    expect(rewritten.totals).toMatchObject({ loaded: 1, skipped: first.length - 1 })
    expect(db.rows('OCI_FOCUS')).toHaveLength(reports.expected.rows)
    expect(sumsByServiceDay(db.rows('OCI_FOCUS'))).toEqual(expected(reports.files))

    // Tags reach the driver byte for byte, and their pairs are all there.
    const final = reports.files.at(-1)!
    const records = parse(final.csv) as string[][]
    const tagsAt = records[0]!.indexOf('Tags')
    const byLine = new Map(
      db
        .rows('OCI_FOCUS')
        .filter((r) => r['SOURCE_FILE'] === final.name)
        .map((r) => [r['SOURCE_LINE'], r['TAGS']]),
    )
    expect(byLine.size).toBe(records.length - 1)
    for (let i = 1; i < records.length; i++) expect(byLine.get(i + 1)).toBe(records[i]![tagsAt])
    const pairs = db.rows('OCI_FOCUS_TAG_PAIRS').filter((r) => r['SOURCE_FILE'] === final.name)
    const expectedPairs = records
      .slice(1)
      .reduce((n, record) => n + (record[tagsAt] ? Object.keys(JSON.parse(record[tagsAt]!)).length : 0), 0)
    expect(pairs).toHaveLength(expectedPairs)
    await sink.close()
  })

  test('a malformed file commits nothing and leaves a failed ledger row; reject-rows keeps the good rows', async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-focus-oracle-e2e-'))
    const reports = generateFocusReports({
      seed: 5,
      startDate: '2025-06-10',
      days: 1,
      filesPerDay: 1,
      rowsPerFile: 300,
    })
    const records = parse(reports.files[0]!.csv) as string[][]
    records[249]![records[0]!.indexOf('BilledCost')] = '12.5abc'
    const name = 'FOCUS Reports/2025/06/10/bad-00001.csv'
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(
      join(dir, name),
      `${records.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`,
    )
    const db = new FakeOracleDatabase()
    const sink = createOracleSinkWith({ ...options, rowsPerExecute: 50 }, { driver: fakeDriver(db) })

    const failed = await loadReports({ source: { kind: 'dir', path: dir }, sink, batchSize: 100 })
    expect(failed.totals).toMatchObject({ loaded: 0, failed: 1 })
    // Batches before line 250 reached the driver, and were rolled back.
    expect(db.calls.some((c) => c.method === 'executeMany')).toBe(true)
    expect(db.rows('OCI_FOCUS')).toEqual([])
    expect(db.rows('OCI_FOCUS_TAG_PAIRS')).toEqual([])
    expect(db.rows('OCI_FOCUS_LOAD_LEDGER')).toMatchObject([
      { SOURCE_FILE: name, STATUS: 'failed', ERROR_LINE: 250 },
    ])
    expect(String(db.rows('OCI_FOCUS_LOAD_LEDGER')[0]!['ERROR_MESSAGE'])).toContain('BilledCost')

    const rejected = await loadReports({
      source: { kind: 'dir', path: dir },
      sink,
      onError: 'reject-rows',
      batchSize: 100,
    })
    expect(rejected.totals).toMatchObject({ loaded: 1, rows: 299, rejectedRows: 1 })
    expect(db.rows('OCI_FOCUS')).toHaveLength(299)
    expect(db.rows('OCI_FOCUS_REJECTS')).toMatchObject([{ SOURCE_FILE: name, SOURCE_LINE: 250 }])
    expect(String(db.rows('OCI_FOCUS_REJECTS')[0]!['RAW_TEXT'])).toContain('12.5abc')
    expect(db.rows('OCI_FOCUS_LOAD_LEDGER')).toMatchObject([
      { SOURCE_FILE: name, STATUS: 'loaded', ROWS_LOADED: 299, ROWS_REJECTED: 1 },
    ])
    await sink.close()
  })
})
