import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type GeneratedFile, type GeneratedReports, generateFocusReports } from '@oci-focus/emulator'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import type { DuckDbSink } from '../src/duckdb.js'
import { loadReports } from '../src/load.js'
import { toCsvLine } from '../src/parse.js'
import { ociCsv, ociRecord } from './fixtures.js'
import { normDecimal, tempDuckDb } from './helpers.js'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

let reports: GeneratedReports
beforeAll(() => {
  reports = generateFocusReports({
    seed: 11,
    startDate: '2025-09-01',
    days: 3,
    filesPerDay: 3,
    rowsPerFile: 400,
    rewrite: { day: '2025-09-02' },
    lateFile: { day: '2025-09-01', deliveredOn: '2025-09-03' },
  })
})

const focusFiles = () => reports.files.filter((f) => f.name.startsWith('FOCUS Reports/'))

async function writeFiles(
  root: string,
  files: readonly GeneratedFile[],
  form: 'gz' | 'csv' = 'gz',
): Promise<void> {
  for (const f of files) {
    const name = form === 'gz' ? f.name : f.name.replace(/\.gz$/, '')
    await mkdir(dirname(join(root, name)), { recursive: true })
    await writeFile(join(root, name), form === 'gz' ? f.gz : f.csv)
  }
}

/** What the table holds per `${ServiceName}|${day}`, normalized for comparison with the generator. */
async function totalsByServiceDay(
  sink: DuckDbSink,
): Promise<Record<string, { billedCost: string; effectiveCost: string; rows: number }>> {
  const rows = await sink.query(
    `SELECT SERVICE_NAME || '|' || strftime(CHARGE_PERIOD_START, '%Y-%m-%d') AS K,
      CAST(SUM(BILLED_COST) AS VARCHAR) AS B, CAST(SUM(EFFECTIVE_COST) AS VARCHAR) AS E, COUNT(*) AS N
     FROM OCI_FOCUS GROUP BY 1 ORDER BY 1`,
  )
  return Object.fromEntries(
    rows.map((r) => [
      String(r.K),
      { billedCost: normDecimal(String(r.B)), effectiveCost: normDecimal(String(r.E)), rows: Number(r.N) },
    ]),
  )
}

function normalizeExpected(expected: GeneratedReports['expected']) {
  return Object.fromEntries(
    Object.entries(expected.byServiceDay)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [
        k,
        { billedCost: normDecimal(v.billedCost), effectiveCost: normDecimal(v.effectiveCost), rows: v.rows },
      ]),
  )
}

describe.each(['staged-csv', 'appender'] as const)(
  'generated OCI reports into DuckDB (%s ingest)',
  (ingest) => {
    test('row counts and per-service, per-day sums equal the generator exact totals; a second load loads nothing', async () => {
      const db = await tempDuckDb({ ingest })
      cleanup = db.cleanup
      const root = join(db.dir, 'bucket')
      await writeFiles(root, focusFiles()) // v2 of the rewritten file overwrites v1: final versions
      const first = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink, batchSize: 250 })
      expect(first.totals).toEqual({
        loaded: reports.expected.files,
        skipped: 0,
        failed: 0,
        rows: reports.expected.rows,
        rejectedRows: 0,
      })
      expect(first.files.every((f) => f.dialect === 'oci-focus')).toBe(true)
      expect(await totalsByServiceDay(db.sink)).toEqual(normalizeExpected(reports.expected))
      const [grand] = await db.sink.query(
        'SELECT CAST(SUM(BILLED_COST) AS VARCHAR) AS B, CAST(SUM(EFFECTIVE_COST) AS VARCHAR) AS E FROM OCI_FOCUS',
      )
      expect(normDecimal(String(grand?.B))).toBe(normDecimal(reports.expected.billedCost))
      expect(normDecimal(String(grand?.E))).toBe(normDecimal(reports.expected.effectiveCost))

      const second = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
      expect(second.totals).toEqual({
        loaded: 0,
        skipped: reports.expected.files,
        failed: 0,
        rows: 0,
        rejectedRows: 0,
      })
      expect(await totalsByServiceDay(db.sink)).toEqual(normalizeExpected(reports.expected))

      const forced = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink, force: true })
      expect(forced.totals).toMatchObject({
        loaded: reports.expected.files,
        skipped: 0,
        rows: reports.expected.rows,
      })
      expect(await totalsByServiceDay(db.sink)).toEqual(normalizeExpected(reports.expected))

      const health = await db.sink.reports.ledgerHealth()
      expect(health).toMatchObject({
        files: reports.expected.files,
        loaded: reports.expected.files,
        failed: 0,
        rows: reports.expected.rows,
      })
    })

    test('a rewritten file replaces its rows: no duplicates, totals follow the new version', async () => {
      const db = await tempDuckDb({ ingest })
      cleanup = db.cleanup
      const root = join(db.dir, 'bucket')
      const all = focusFiles()
      const rewritten = all.find((f) => f.version === 2)
      expect(rewritten).toBeDefined()
      const v1 = all.filter((f) => f.version === 1)
      await writeFiles(root, v1, 'csv')
      const before = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
      expect(before.totals.rows).toBe(reports.expectedFor(v1).rows)
      expect(await totalsByServiceDay(db.sink)).toEqual(normalizeExpected(reports.expectedFor(v1)))

      await writeFiles(root, [rewritten as GeneratedFile], 'csv')
      const after = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
      expect(after.totals).toMatchObject({ loaded: 1, skipped: v1.length - 1, failed: 0 })
      expect(after.files.find((f) => f.outcome === 'loaded')?.file).toBe(rewritten?.name.replace(/\.gz$/, ''))
      expect(await totalsByServiceDay(db.sink)).toEqual(normalizeExpected(reports.expected))
      const [dups] = await db.sink.query(
        `SELECT COUNT(*) AS N FROM (SELECT OCI_REFERENCE_NUMBER FROM OCI_FOCUS GROUP BY 1 HAVING COUNT(*) > 1)`,
      )
      expect(dups?.N).toBe(0n)
      const [count] = await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS')
      expect(Number(count?.N)).toBe(reports.expected.rows)
    })
  },
)

/** The record with field `index` replaced. */
function withField(record: string[], index: number, value: string): string[] {
  record[index] = value
  return record
}

/** The generated CSV of one file with some records changed (1-based data record numbers). */
function corrupt(csv: Buffer, change: (record: string[], index: number) => string[] | undefined): string {
  const [header = [], ...records] = parse(csv, { relax_column_count: true }) as string[][]
  const out = records.map((r, i) => change([...r], i + 1) ?? r)
  return `${[header, ...out].map((r) => toCsvLine(r)).join('\r\n')}\r\n`
}

describe('malformed files', () => {
  test('fail-file: the bad file is rolled back and its ledger row says why; other files load; old rows survive', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const root = join(db.dir, 'in')
    const [good, victim] = focusFiles().filter((f) => f.version === 1)
    if (good === undefined || victim === undefined) throw new Error('generator: need two files')
    await writeFiles(root, [good, victim], 'csv')
    const clean = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
    expect(clean.totals).toMatchObject({ loaded: 2, failed: 0 })
    const victimName = victim.name.replace(/\.gz$/, '')
    const rowsOf = async (file: string) =>
      Number((await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS WHERE SOURCE_FILE = ?', [file]))[0]?.N)
    expect(await rowsOf(victimName)).toBe(victim.rows)

    // A new version of the victim with a bad number on data record 7 (line 8).
    const billedAt = 1
    await writeFile(
      join(root, victimName),
      corrupt(victim.csv, (r, i) => (i === 7 ? withField(r, billedAt, '12,5') : undefined)),
    )
    const result = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
    expect(result.totals).toMatchObject({ loaded: 0, skipped: 1, failed: 1 })
    expect(result.files.find((f) => f.file === victimName)).toMatchObject({
      outcome: 'failed',
      errorCode: 'LOAD_BAD_DECIMAL',
      line: 8,
      column: 'BilledCost',
      value: '12,5',
    })
    // The table is as it was before the bad version: the previous rows are intact, nothing half-loaded.
    expect(await rowsOf(victimName)).toBe(victim.rows)
    const entry = await db.sink.getLedgerEntry(victimName)
    expect(entry).toMatchObject({
      status: 'failed',
      errorCode: 'LOAD_BAD_DECIMAL',
      errorLine: 8,
      errorColumn: 'BilledCost',
      errorValue: '12,5',
    })
    expect(entry?.errorMessage).toContain(`${victimName} line 8, column BilledCost`)

    // A brand-new malformed file (no previous rows) leaves nothing behind at all.
    await writeFile(
      join(root, 'new.csv'),
      ociCsv([ociRecord(), ociRecord({ ChargePeriodStart: '2025-09-31T00:00Z' })]),
    )
    const next = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
    expect(next.files.find((f) => f.file === 'new.csv')).toMatchObject({
      outcome: 'failed',
      errorCode: 'LOAD_BAD_TIMESTAMP',
      line: 3,
      column: 'ChargePeriodStart',
    })
    // The previously failed victim is retried (its status is not 'loaded') and fails again.
    expect(next.files.find((f) => f.file === victimName)?.outcome).toBe('failed')
    expect(await rowsOf('new.csv')).toBe(0)
  })

  test('reject-rows: only the bad rows stay out; rejects keep raw text and reason', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const root = join(db.dir, 'in')
    const victim = focusFiles()[0] as GeneratedFile
    const text = corrupt(victim.csv, (r, i) => {
      if (i === 3) return withField(r, 1, 'abc') // BilledCost
      if (i === 10) return withField(r, 11, '2025-13-01T00:00Z') // ChargePeriodStart
      if (i === 20) return r.slice(0, 30) // wrong field count
      if (i === 30) return withField(r, 36, '{"broken":') // Tags
      return undefined
    })
    await mkdir(root, { recursive: true })
    await writeFile(join(root, 'v.csv'), text)
    const result = await loadReports({
      source: { kind: 'dir', path: root },
      sink: db.sink,
      onError: 'reject-rows',
    })
    expect(result.totals).toMatchObject({ loaded: 1, failed: 0, rows: victim.rows - 4, rejectedRows: 4 })
    const rejects = await db.sink.query(
      'SELECT SOURCE_LINE, ERROR_CODE, COLUMN_NAME, VALUE, REASON, RAW_TEXT FROM OCI_FOCUS_REJECTS ORDER BY SOURCE_LINE',
    )
    expect(rejects.map((r) => [Number(r.SOURCE_LINE), r.ERROR_CODE, r.COLUMN_NAME, r.VALUE])).toEqual([
      [4, 'LOAD_BAD_DECIMAL', 'BilledCost', 'abc'],
      [11, 'LOAD_BAD_TIMESTAMP', 'ChargePeriodStart', '2025-13-01T00:00Z'],
      [21, 'LOAD_FIELD_COUNT', null, null],
      [31, 'LOAD_BAD_JSON', 'Tags', '{"broken":'],
    ])
    const lines = text.split('\r\n')
    for (const r of rejects) expect(r.RAW_TEXT).toBe(lines[Number(r.SOURCE_LINE) - 1])
    expect(String(rejects[2]?.REASON)).toContain('must have 49 fields like the header, got 30')
    const [count] = await db.sink.query(
      `SELECT COUNT(*) AS N FROM OCI_FOCUS WHERE SOURCE_LINE IN (4, 11, 21, 31)`,
    )
    expect(count?.N).toBe(0n)
    // Reloading the file replaces its rejects too (no duplicates).
    await loadReports({
      source: { kind: 'dir', path: root },
      sink: db.sink,
      onError: 'reject-rows',
      force: true,
    })
    const [again] = await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS_REJECTS')
    expect(again?.N).toBe(4n)
  })

  test('an unclosed quote or a truncated gzip fails the file in either mode', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const root = join(db.dir, 'in')
    await mkdir(root, { recursive: true })
    const good = ociCsv([ociRecord(), ociRecord()])
    await writeFile(join(root, 'quote.csv'), `${good}"unclosed,${ociRecord().slice(1).join(',')}\r\n`)
    const gz = gzipSync(Buffer.from(ociCsv(Array.from({ length: 2000 }, () => ociRecord()))))
    await writeFile(join(root, 'cut.csv.gz'), gz.subarray(0, gz.length - 100))
    for (const onError of ['fail-file', 'reject-rows'] as const) {
      const result = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink, onError })
      expect(result.files.map((f) => [f.file, f.outcome, f.errorCode])).toEqual([
        ['cut.csv.gz', 'failed', 'LOAD_BAD_GZIP'],
        ['quote.csv', 'failed', 'LOAD_CSV_SYNTAX'],
      ])
      const [count] = await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS')
      expect(count?.N).toBe(0n)
    }
    await rm(join(root, 'cut.csv.gz'))
  })
})

describe.each(['staged-csv', 'appender'] as const)(
  'JSON and text survive byte for byte (%s ingest)',
  (ingest) => {
    test('Tags over 4,000 characters and unicode are stored whole and unchanged', async () => {
      const db = await tempDuckDb({ ingest })
      cleanup = db.cleanup
      const entries: Record<string, string> = {}
      for (let i = 0; i < 120; i++)
        entries[`Namespace-${i}.Key ${i} ✓`] = `valeur ${i} — 東京 🚀 "quoted" \\ back`
      // Hand-written JSON with escapes a re-encoder would change (\u00e9, \/, spacing).
      const tags = `{ "Écrit\\u00e9" : "a\\/b",${JSON.stringify(entries).slice(1)}`
      expect(tags.length).toBeGreaterThan(4000)
      const description = 'Zürich → São Paulo: naïve café 😀 \u0301combining, "quoted"\r\nsecond line'
      const root = join(db.dir, 'in')
      await mkdir(root)
      await writeFile(
        join(root, 'tags.csv'),
        ociCsv([ociRecord({ Tags: tags, ChargeDescription: description })]),
      )
      const result = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
      expect(result.totals).toMatchObject({ loaded: 1, rows: 1 })
      const [row] = await db.sink.query(
        'SELECT CAST(TAGS AS VARCHAR) AS T, CHARGE_DESCRIPTION AS D FROM OCI_FOCUS',
      )
      expect(Buffer.from(String(row?.T), 'utf8').equals(Buffer.from(tags, 'utf8'))).toBe(true)
      expect(row?.D).toBe(description)
      const [tag] = await db.sink.query(
        `SELECT TAG_VALUE FROM OCI_FOCUS_TAGS WHERE TAG_KEY = 'Namespace-7.Key 7 ✓'`,
      )
      expect(tag?.TAG_VALUE).toBe('valeur 7 — 東京 🚀 "quoted" \\ back')
      const [count] = await db.sink.query('SELECT COUNT(*) AS N FROM OCI_FOCUS_TAGS')
      expect(count?.N).toBe(121n)
    })
  },
)

describe('abort and progress', () => {
  test('an abort mid-file rolls the file back and stops the run; progress reports each step', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const root = join(db.dir, 'in')
    const files = focusFiles()
      .filter((f) => f.version === 1)
      .slice(0, 3)
    await writeFiles(root, files, 'csv')
    const controller = new AbortController()
    const events: string[] = []
    const run = loadReports({
      source: { kind: 'dir', path: root },
      sink: db.sink,
      batchSize: 50,
      signal: controller.signal,
      onProgress: (e) => {
        events.push(e.type)
        // Abort inside the second file, after some of its batches went to the sink.
        if (e.type === 'rows' && e.file === files[1]?.name.replace(/\.gz$/, '') && e.rows >= 100)
          controller.abort()
      },
    })
    await expect(run).rejects.toMatchObject({ code: 'LOAD_ABORTED' })
    expect(events.slice(0, 2)).toEqual(['listed', 'file-start'])
    expect(events).toContain('file-done')
    const loaded = await db.sink.query('SELECT SOURCE_FILE AS F, COUNT(*) AS N FROM OCI_FOCUS GROUP BY 1')
    expect(loaded.map((r) => [r.F, Number(r.N)])).toEqual([
      [files[0]?.name.replace(/\.gz$/, ''), files[0]?.rows],
    ])
    // The aborted file is not marked failed: it was never judged malformed.
    expect(await db.sink.getLedgerEntry(files[1]?.name.replace(/\.gz$/, '') as string)).toBeUndefined()
  })
})

describe('edge files', () => {
  test('a header-only file loads zero rows; an empty file is refused; blank lines are not records', async () => {
    const db = await tempDuckDb()
    cleanup = db.cleanup
    const root = join(db.dir, 'in')
    await mkdir(root)
    await writeFile(join(root, 'header-only.csv'), ociCsv([]))
    await writeFile(join(root, 'empty.csv'), '')
    await writeFile(join(root, 'blank-lines.csv'), ociCsv([ociRecord()]).replace('\r\n', '\r\n\r\n') + '\r\n')
    const result = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
    expect(result.files.map((f) => [f.file, f.outcome, f.rows, f.errorCode])).toEqual([
      ['blank-lines.csv', 'loaded', 1, undefined],
      ['empty.csv', 'failed', 0, 'LOAD_EMPTY_FILE'],
      ['header-only.csv', 'loaded', 0, undefined],
    ])
    const [row] = await db.sink.query('SELECT SOURCE_LINE FROM OCI_FOCUS')
    expect(row?.SOURCE_LINE).toBe(3n)
  })
})
