/**
 * The DuckDB scenarios, against a real Oracle Database: runs when ORACLE_TEST_CONNECT_STRING,
 * ORACLE_TEST_USER and ORACLE_TEST_PASSWORD are set (CI: the `oracle` job with a
 * gvenzl/oracle-free service), skips with a visible reason otherwise, and fails (never skips)
 * when they are set but the database cannot be reached.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type GeneratedFile, generateFocusReports } from '@oci-focus/emulator'
import { parse } from 'csv-parse/sync'
import oracledb from 'oracledb'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReports } from '../../src/load.js'
import type { OracleConnection } from '../../src/oracle/driver.js'
import { createOracleSink } from '../../src/oracle/sink.js'
import type { Sink } from '../../src/sink/types.js'

const connectString = process.env.ORACLE_TEST_CONNECT_STRING
const user = process.env.ORACLE_TEST_USER
const password = process.env.ORACLE_TEST_PASSWORD
// Optional, to run the same tests against Autonomous Database over mTLS.
const walletDir = process.env.ORACLE_TEST_WALLET_DIR || undefined
const walletPassword = process.env.ORACLE_TEST_WALLET_PASSWORD || undefined
const declared = [connectString, user, password].filter((v) => v !== undefined && v !== '').length
const configured = declared === 3

if (!configured) {
  console.info(
    '[oracle integration] skipped: set ORACLE_TEST_CONNECT_STRING, ORACLE_TEST_USER and ORACLE_TEST_PASSWORD ' +
      '(e.g. 127.0.0.1:1521/FREEPDB1 with a gvenzl/oracle-free container) to run these tests against a real Oracle',
  )
}

// Half a configuration is a CI mistake, not a reason to skip quietly.
test.runIf(declared > 0 && declared < 3)('Oracle test settings are complete', () => {
  expect.fail(
    'ORACLE_TEST_CONNECT_STRING, ORACLE_TEST_USER and ORACLE_TEST_PASSWORD: must all be set, got only some',
  )
})

const LONG = 180_000

/** Exact decimal text normalised for comparison ('.50' → '0.5', '-0' → '0'). */
function decimal(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim())
  if (match === null) throw new Error(`decimal: must be plain decimal text, got ${text}`)
  const integer = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const fraction = (match[3] ?? '').replace(/0+$/, '')
  const body = fraction === '' ? integer : `${integer}.${fraction}`
  return match[1] === '-' && /[1-9]/.test(body) ? `-${body}` : body
}

/** Exact sum of decimal texts (BigInt at 18 decimals), independent of any database. */
function sumDecimals(values: readonly string[]): string {
  const SCALE = 18
  let total = 0n
  for (const value of values) {
    const [integer = '0', fraction = ''] = decimal(value).replace('-', '').split('.')
    const scaled = BigInt(integer + fraction.padEnd(SCALE, '0'))
    total += value.trim().startsWith('-') ? -scaled : scaled
  }
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0')
  return decimal(`${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`)
}

/** Writes files (gz as generated) under `dir`, keeping their object names as paths. */
async function writeReports(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, file.name)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, file.gz)
  }
}

/** CSV text with every field quoted (the loader must read it like OCI's own). */
function toCsv(records: readonly string[][]): string {
  return `${records.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\n')}\n`
}

describe.skipIf(!configured)('Oracle sink on a real database', () => {
  let admin: OracleConnection
  let dir: string
  const tables: string[] = []
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase()

  const query = async (sql: string, binds: readonly string[] = [], strings: readonly string[] = []) => {
    const fetchInfo = Object.fromEntries(strings.map((c) => [c, { type: oracledb.DB_TYPE_VARCHAR }]))
    const result = await admin.execute(sql, binds, {
      autoCommit: false,
      outFormat: oracledb.OUT_FORMAT_OBJECT,
      fetchInfo,
    })
    return (result.rows ?? []) as Record<string, unknown>[]
  }

  const newSink = (name: string): Sink => {
    const table = `OFT_${name}_${suffix}`.slice(0, 60)
    tables.push(table)
    return createOracleSink({
      connectString: connectString!,
      user: user!,
      password: password!,
      table,
      connectTimeoutSeconds: 20,
      ...(walletDir === undefined ? {} : { walletDir }),
      ...(walletPassword === undefined ? {} : { walletPassword }),
    })
  }

  beforeAll(async () => {
    // No try/catch: when the settings are given, an unreachable database fails the suite loudly.
    admin = await oracledb.getConnection({
      connectString: connectString!,
      user: user!,
      password: password!,
      connectTimeout: 20,
      transportConnectTimeout: 20,
      ...(walletDir === undefined ? {} : { configDir: walletDir, walletLocation: walletDir }),
      ...(walletPassword === undefined ? {} : { walletPassword }),
    })
    dir = await mkdtemp(join(tmpdir(), 'oci-focus-oracle-'))
  }, LONG)

  afterAll(async () => {
    if (admin !== undefined) {
      for (const table of tables) {
        for (const view of ['DAILY_COST', 'MONTHLY_COST', 'TAGS']) {
          await admin.execute(`DROP VIEW "${table}_${view}"`).catch(() => undefined)
        }
        for (const name of [table, `${table}_LOAD_LEDGER`, `${table}_REJECTS`, `${table}_TAG_PAIRS`]) {
          await admin.execute(`DROP TABLE "${name}" PURGE`).catch(() => undefined)
        }
      }
      await admin.close()
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  }, LONG)

  test(
    'generated OCI reports load with exact per-service, per-day totals; a second load loads nothing; a rewrite replaces its rows',
    async () => {
      const reports = generateFocusReports({
        seed: 42,
        startDate: '2025-04-29',
        days: 4, // crosses a month boundary, so two interval partitions get rows
        filesPerDay: 2,
        rowsPerFile: 400,
        rewrite: { day: '2025-04-30' },
      })
      const firstVersions = reports.files.filter((f) => f.version === 1)
      const rewritten = reports.files.filter((f) => f.version === 2)
      expect(rewritten).toHaveLength(1)
      const source = join(dir, 'generated')
      await writeReports(source, firstVersions)
      const sink = newSink('GEN')
      const t = sink.names.table
      try {
        const first = await loadReports({ source: { kind: 'dir', path: source }, sink, batchSize: 150 })
        expect(first.totals).toMatchObject({ loaded: firstVersions.length, failed: 0, skipped: 0 })

        const totals = async () => {
          const rows = await query(
            `SELECT SERVICE_NAME, TO_CHAR(TRUNC(CHARGE_PERIOD_START), 'YYYY-MM-DD') AS D,
               SUM(BILLED_COST) AS B, SUM(EFFECTIVE_COST) AS E, COUNT(*) AS N
             FROM "${t}" GROUP BY SERVICE_NAME, TRUNC(CHARGE_PERIOD_START)`,
            [],
            ['B', 'E'],
          )
          return Object.fromEntries(
            rows.map((r) => [
              `${r['SERVICE_NAME']}|${r['D']}`,
              {
                billedCost: decimal(String(r['B'])),
                effectiveCost: decimal(String(r['E'])),
                rows: Number(r['N']),
              },
            ]),
          )
        }
        const expectedTotals = (files: readonly GeneratedFile[]) =>
          Object.fromEntries(
            Object.entries(reports.expectedFor(files).byServiceDay).map(([key, v]) => [
              key,
              { billedCost: decimal(v.billedCost), effectiveCost: decimal(v.effectiveCost), rows: v.rows },
            ]),
          )
        expect(await totals()).toEqual(expectedTotals(firstVersions))

        const second = await loadReports({ source: { kind: 'dir', path: source }, sink })
        expect(second.totals).toMatchObject({ loaded: 0, skipped: firstVersions.length, failed: 0 })

        await writeReports(source, rewritten)
        const third = await loadReports({ source: { kind: 'dir', path: source }, sink })
        expect(third.totals).toMatchObject({ loaded: 1, skipped: firstVersions.length - 1, failed: 0 })
        expect(await totals()).toEqual(expectedTotals(reports.files))
        const [counts] = await query(
          `SELECT COUNT(*) AS N, COUNT(DISTINCT SOURCE_FILE || '#' || SOURCE_LINE) AS U FROM "${t}"`,
        )
        expect(Number(counts?.['N'])).toBe(reports.expected.rows)
        expect(Number(counts?.['U'])).toBe(reports.expected.rows)

        // The report query agrees with the generator for one day (summed over currencies: the
        // generator leaves BillingCurrency empty on some rows).
        const day = '2025-05-01'
        const daily = await sink.reports.dailyCostByService({ from: day, to: day })
        expect(daily.every((d) => d.day === day)).toBe(true)
        const services = [...new Set(daily.map((d) => d.serviceName))].sort()
        expect(
          services.map((service) => {
            const rows = daily.filter((d) => d.serviceName === service)
            return [service, sumDecimals(rows.map((d) => d.billedCost)), rows.reduce((n, d) => n + d.rows, 0)]
          }),
        ).toEqual(
          Object.entries(reports.expected.byServiceDay)
            .filter(([key]) => key.endsWith(`|${day}`))
            .map(([key, v]) => [key.split('|')[0], decimal(v.billedCost), v.rows])
            .sort(),
        )

        const health = await sink.reports.ledgerHealth()
        expect(health).toMatchObject({ files: firstVersions.length, loaded: firstVersions.length, failed: 0 })
        expect(health.rows).toBe(reports.expected.rows)
        expect(health.latestChargePeriodStart).toMatch(/^2025-05-0\dT\d\d:\d\d:00\.000Z$/)
        // Every view and report compiles and answers on the real database.
        for (const view of [sink.names.dailyView, sink.names.monthlyView, sink.names.tagsView]) {
          const [row] = await query(`SELECT COUNT(*) AS N FROM "${view}"`)
          expect(Number(row?.['N'])).toBeGreaterThan(0)
        }
        const [monthly] = await query(
          `SELECT SUM(BILLED_COST) AS B FROM "${sink.names.monthlyView}" WHERE CHARGE_MONTH = DATE '2025-05-01'`,
          [],
          ['B'],
        )
        const mayBilled = sumDecimals(
          Object.entries(reports.expected.byServiceDay)
            .filter(([key]) => key.includes('|2025-05-'))
            .map(([, v]) => v.billedCost),
        )
        expect(decimal(String(monthly?.['B']))).toBe(mayBilled)
        expect(
          (await sink.reports.topCompartments({ from: '2025-04-29', to: '2025-05-02' }, 3)).length,
        ).toBeGreaterThan(0)
        expect((await sink.reports.topResources({ from: '2025-04-29', to: '2025-05-02' }, 3)).length).toBe(3)
        const mtd = await sink.reports.monthToDate('2025-05-02')
        expect(mtd.map((m) => m.currency)).toContain('USD')

        // Tags are stored whole and byte for byte, and the tag view explodes them.
        const final = reports.files.filter(
          (f) => f.version === 2 || !rewritten.some((r) => r.name === f.name),
        )
        const file = final[0]!
        const records = parse(file.csv, { relaxQuotes: false }) as string[][]
        const header = records[0]!
        const tagsAt = header.indexOf('Tags')
        const stored = await query(
          `SELECT SOURCE_LINE, TAGS FROM "${t}" WHERE SOURCE_FILE = :1 ORDER BY SOURCE_LINE`,
          [file.name],
          ['TAGS'],
        )
        expect(stored).toHaveLength(records.length - 1)
        let longest = 0
        for (const row of stored) {
          const raw = records[Number(row['SOURCE_LINE']) - 1]![tagsAt]!
          const tags = row['TAGS'] === null ? '' : String(row['TAGS'])
          expect(Buffer.from(tags)).toEqual(Buffer.from(raw))
          longest = Math.max(longest, raw.length)
        }
        expect(longest).toBeGreaterThan(4000)
        // Every (line, key, value) of the file, exactly as JSON.parse reads the raw field; Oracle
        // keeps '' as NULL. Read through the view, so the join is exercised too.
        const pairs = await query(
          `SELECT SOURCE_LINE, TAG_KEY, TAG_VALUE FROM "${sink.names.tagsView}" WHERE SOURCE_FILE = :1`,
          [file.name],
        )
        const actualPairs = pairs
          .map((p) => JSON.stringify([Number(p['SOURCE_LINE']), p['TAG_KEY'], p['TAG_VALUE']]))
          .sort()
        const expectedPairs = records
          .slice(1)
          .flatMap((record, i) =>
            record[tagsAt] === ''
              ? []
              : Object.entries(JSON.parse(record[tagsAt]!) as Record<string, string>).map(([key, value]) =>
                  JSON.stringify([i + 2, key, value === '' ? null : value]),
                ),
          )
          .sort()
        expect(actualPairs).toEqual(expectedPairs)
        expect(expectedPairs.some((p) => /[^\u0000-\u007f]/.test(p))).toBe(true)
      } finally {
        await sink.close()
      }
    },
    LONG,
  )

  test(
    'a malformed file leaves nothing behind in fail-file mode and only its bad row out in reject-rows mode',
    async () => {
      const reports = generateFocusReports({
        seed: 7,
        startDate: '2025-06-10',
        days: 1,
        filesPerDay: 1,
        rowsPerFile: 300,
      })
      const records = parse(reports.files[0]!.csv) as string[][]
      const billedAt = records[0]!.indexOf('BilledCost')
      records[249]![billedAt] = '12.5abc' // physical line 250
      const source = join(dir, 'malformed')
      const name = 'FOCUS Reports/2025/06/10/0001000000000001-00001.csv'
      await mkdir(dirname(join(source, name)), { recursive: true })
      await writeFile(join(source, name), toCsv(records))
      const sink = newSink('BAD')
      const t = sink.names.table
      try {
        const failed = await loadReports({ source: { kind: 'dir', path: source }, sink, batchSize: 100 })
        expect(failed.totals).toMatchObject({ loaded: 0, failed: 1 })
        expect(failed.files[0]).toMatchObject({ outcome: 'failed', line: 250 })
        const [left] = await query(`SELECT COUNT(*) AS N FROM "${t}" WHERE SOURCE_FILE = :1`, [name])
        expect(Number(left?.['N'])).toBe(0)
        const [pairs] = await query(`SELECT COUNT(*) AS N FROM "${t}_TAG_PAIRS"`)
        expect(Number(pairs?.['N'])).toBe(0)
        const entry = await sink.getLedgerEntry(name)
        expect(entry).toMatchObject({ status: 'failed', errorLine: 250, rows: 0 })
        expect(entry?.errorMessage).toContain('BilledCost')

        const rejected = await loadReports({
          source: { kind: 'dir', path: source },
          sink,
          onError: 'reject-rows',
          batchSize: 100,
        })
        expect(rejected.totals).toMatchObject({ loaded: 1, failed: 0, rows: 299, rejectedRows: 1 })
        const [loaded] = await query(`SELECT COUNT(*) AS N FROM "${t}" WHERE SOURCE_FILE = :1`, [name])
        expect(Number(loaded?.['N'])).toBe(299)
        const rejects = await query(
          `SELECT SOURCE_LINE, COLUMN_NAME, RAW_TEXT FROM "${sink.names.rejects}" WHERE SOURCE_FILE = :1`,
          [name],
          ['RAW_TEXT'],
        )
        expect(rejects).toHaveLength(1)
        expect(Number(rejects[0]?.['SOURCE_LINE'])).toBe(250)
        expect(String(rejects[0]?.['RAW_TEXT'])).toContain('12.5abc')
        expect(await sink.getLedgerEntry(name)).toMatchObject({
          status: 'loaded',
          rows: 299,
          rejectedRows: 1,
        })
      } finally {
        await sink.close()
      }
    },
    LONG,
  )

  test(
    'ensureSchema is idempotent and creates the table, ledger, rejects, tag pairs, indexes and views',
    async () => {
      const sink = newSink('DDL')
      try {
        await sink.ensureSchema()
        const objects = async () =>
          (
            await query(
              `SELECT OBJECT_NAME || ':' || OBJECT_TYPE AS O FROM USER_OBJECTS WHERE OBJECT_NAME LIKE :1`,
              [`${sink.names.table}%`],
            )
          )
            .map((r) => String(r['O']))
            .filter((o) => !o.includes('SYS_') && !o.includes(':TABLE PARTITION') && !o.includes(':LOB'))
            .sort()
        const before = await objects()
        expect(before).toEqual(
          expect.arrayContaining([
            `${sink.names.table}:TABLE`,
            `${sink.names.ledger}:TABLE`,
            `${sink.names.rejects}:TABLE`,
            `${sink.names.table}_TAG_PAIRS:TABLE`,
            `${sink.names.table}_FILE_IX:INDEX`,
            `${sink.names.dailyView}:VIEW`,
            `${sink.names.monthlyView}:VIEW`,
            `${sink.names.tagsView}:VIEW`,
          ]),
        )
        await sink.ensureSchema()
        expect(await objects()).toEqual(before)
        const partitioned = await query(
          'SELECT PARTITIONING_TYPE, INTERVAL FROM USER_PART_TABLES WHERE TABLE_NAME = :1',
          [sink.names.table],
        )
        console.info(
          `[oracle integration] ${sink.names.table} partitioned: ${partitioned.length > 0 ? JSON.stringify(partitioned[0]) : 'no (fallback)'}`,
        )
        if (partitioned.length > 0) expect(partitioned[0]).toMatchObject({ PARTITIONING_TYPE: 'RANGE' })
      } finally {
        await sink.close()
      }
    },
    LONG,
  )
})
