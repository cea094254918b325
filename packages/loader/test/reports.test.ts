import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadReports } from '../src/load.js'
import { monthWindows } from '../src/sink/report-ranges.js'
import { ociCsv, ociRecord } from './fixtures.js'
import { normDecimal, tempDuckDb } from './helpers.js'

const row = (day: string, service: string, compartment: string, resource: string, cost: string) =>
  ociRecord({
    ChargePeriodStart: `${day}T10:00Z`,
    ChargePeriodEnd: `${day}T11:00Z`,
    ServiceName: service,
    oci_CompartmentId: `ocid1.compartment.oc1..${compartment}`,
    oci_CompartmentName: compartment,
    ResourceId: resource,
    ResourceName: `name-${resource}`,
    BilledCost: cost,
    EffectiveCost: cost,
    ListCost: cost,
  })

let db: Awaited<ReturnType<typeof tempDuckDb>>
beforeAll(async () => {
  db = await tempDuckDb()
  const root = join(db.dir, 'in')
  await mkdir(root)
  await writeFile(
    join(root, 'month.csv'),
    ociCsv([
      row('2025-08-02', 'COMPUTE', 'c1', 'r1', '7'),
      row('2025-08-03', 'COMPUTE', 'c1', 'r1', '10.10'),
      row('2025-08-20', 'BLOCK_STORAGE', 'c2', 'r2', '5.005'),
      row('2025-09-01', 'COMPUTE', 'c1', 'r1', '1.25'),
      row('2025-09-02', 'COMPUTE', 'c2', 'r3', '2.5'),
      row('2025-09-02', 'BLOCK_STORAGE', 'c1', 'r1', '0.000000000001'),
      row('2025-09-05', 'BLOCK_STORAGE', 'c2', 'r2', '100'),
    ]),
  )
  await writeFile(join(root, 'broken.csv'), ociCsv([row('2025-09-01', 'COMPUTE', 'c1', 'r1', 'oops')]))
  const result = await loadReports({ source: { kind: 'dir', path: root }, sink: db.sink })
  expect(result.totals).toMatchObject({ loaded: 1, failed: 1, rows: 7 })
})
afterAll(async () => {
  await db?.cleanup()
})

const money = (v: string) => normDecimal(v)

describe('report queries (DuckDB)', () => {
  test('daily cost by service in a window', async () => {
    const daily = await db.sink.reports.dailyCostByService({ from: '2025-09-01', to: '2025-09-02' })
    expect(
      daily.map((d) => [
        d.day,
        d.serviceName,
        d.currency,
        money(d.billedCost),
        money(d.effectiveCost),
        d.rows,
      ]),
    ).toEqual([
      ['2025-09-01', 'COMPUTE', 'USD', '1.25', '1.25', 1],
      ['2025-09-02', 'COMPUTE', 'USD', '2.5', '2.5', 1],
      ['2025-09-02', 'BLOCK_STORAGE', 'USD', '0.000000000001', '0.000000000001', 1],
    ])
  })

  test('top compartments and resources by effective cost', async () => {
    const range = { from: '2025-08-01', to: '2025-09-30' }
    const compartments = await db.sink.reports.topCompartments(range, 2)
    expect(compartments.map((c) => [c.id, c.name, money(c.effectiveCost)])).toEqual([
      ['ocid1.compartment.oc1..c2', 'c2', '107.505'],
      ['ocid1.compartment.oc1..c1', 'c1', '18.350000000001'],
    ])
    const resources = await db.sink.reports.topResources(range, 1)
    expect(resources).toEqual([
      {
        id: 'r2',
        name: 'name-r2',
        serviceName: 'BLOCK_STORAGE',
        currency: 'USD',
        billedCost: '105.005000000000000000',
        effectiveCost: '105.005000000000000000',
      },
    ])
  })

  test('month to date against the same days of the previous month and the whole previous month', async () => {
    const [mtd] = await db.sink.reports.monthToDate('2025-09-02')
    expect(mtd).toMatchObject({ month: '2025-09', previousMonth: '2025-08', currency: 'USD' })
    expect(money(mtd?.monthToDateBilled ?? '')).toBe('3.750000000001')
    expect(money(mtd?.previousSamePeriodBilled ?? '')).toBe('7')
    expect(money(mtd?.previousMonthEffective ?? '')).toBe('22.105')
    // 31 March compares with the whole of February, not with early March.
    const w = monthWindows('2025-03-31')
    expect(w.previousSamePeriod.end.toISOString()).toBe('2025-03-01T00:00:00.000Z')
    expect(() => monthWindows('2025-02-30')).toThrow(/YYYY-MM-DD/)
  })

  test('ledger health counts files, rows and failures', async () => {
    const health = await db.sink.reports.ledgerHealth()
    expect(health).toMatchObject({ files: 2, loaded: 1, failed: 1, rows: 7, rejectedRows: 0 })
    expect(health.latestChargePeriodStart).toBe('2025-09-05T10:00:00.000Z')
    expect(
      health.failures.map((f) => [f.file, f.errorCode, f.errorLine, f.errorColumn, f.errorValue]),
    ).toEqual([['broken.csv', 'LOAD_BAD_DECIMAL', 2, 'BilledCost', 'oops']])
    expect(health.lastLoadedAt).toBeInstanceOf(Date)
  })

  test('views aggregate daily and monthly cost by the OAC dimensions', async () => {
    const monthly = await db.sink.query(
      `SELECT strftime(CHARGE_MONTH, '%Y-%m') AS M, CAST(SUM(BILLED_COST) AS VARCHAR) AS B, SUM(ROW_COUNT) AS N
       FROM OCI_FOCUS_MONTHLY_COST GROUP BY 1 ORDER BY 1`,
    )
    expect(monthly.map((m) => [m.M, money(String(m.B)), Number(m.N)])).toEqual([
      ['2025-08', '22.105', 3],
      ['2025-09', '103.750000000001', 4],
    ])
    const daily = await db.sink.query(
      `SELECT COUNT(*) AS N FROM OCI_FOCUS_DAILY_COST WHERE OCI_COMPARTMENT_NAME = 'c1' AND PROVIDER_NAME = 'Oracle'
         AND REGION_ID = 'ap-hyderabad-1' AND BILLING_CURRENCY = 'USD'`,
    )
    expect(daily[0]?.N).toBe(4n)
  })
})
