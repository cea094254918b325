import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { generateFocusReports } from '@oci-focus/emulator'
import { loadReports } from '@oci-focus/loader'
import { createDuckDbSink } from '@oci-focus/loader/duckdb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectReportData, reportTotal } from '../src/report/index.js'
import { toScaled } from '../src/report/money.js'

describe('collectReportData over a real DuckDB load', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'oci-focus-collect-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true }).catch(() => {})
  })

  it('reports the exact per-service, per-day billed cost the generator wrote', async () => {
    const reports = generateFocusReports({
      seed: 42,
      startDate: '2025-04-01',
      days: 5,
      filesPerDay: 2,
      rowsPerFile: 120,
    })
    const files = path.join(dir, 'files')
    for (const file of reports.files) {
      const target = path.join(files, file.name)
      await mkdir(path.dirname(target), { recursive: true })
      await writeFile(target, file.gz)
    }
    const sink = createDuckDbSink({ path: path.join(dir, 'report.duckdb') })
    try {
      const load = await loadReports({ source: { kind: 'dir', path: files }, sink })
      expect(load.totals.failed).toBe(0)

      const days = [
        ...new Set(Object.keys(reports.expected.byServiceDay).map((key) => key.split('|')[1]!)),
      ].sort()
      const range = { from: days[0]!, to: days.at(-1)! }
      const data = await collectReportData(sink.reports, { range, now: new Date('2025-04-10T00:00:00Z') })

      // Every (service, day) cell equals the generator's exact total; zero-cost rows without a
      // currency fold into the one real currency rather than splitting the report.
      const expected = new Map<string, bigint>()
      for (const [key, totals] of Object.entries(reports.expected.byServiceDay)) {
        const [service, day] = key.split('|') as [string, string]
        if (day < range.from || day > range.to) continue
        expected.set(
          `${service}|${day}`,
          (expected.get(`${service}|${day}`) ?? 0n) + toScaled(totals.billedCost),
        )
      }
      const actual = new Map<string, bigint>()
      for (const row of data.dailyByService) {
        const key = `${row.service}|${row.day}`
        actual.set(key, (actual.get(key) ?? 0n) + toScaled(row.billedCost))
      }
      for (const [key, value] of expected) expect([key, actual.get(key) ?? 0n]).toEqual([key, value])
      expect(data.currency).toBe('USD')
      expect(toScaled(reportTotal(data))).toBe([...expected.values()].reduce((a, b) => a + b, 0n))
      expect(data.ledger.loaded).toBe(reports.files.length)
      expect(data.ledger.failed).toBe(0)
      expect(data.topCompartments.length).toBeGreaterThan(0)
      // One entry per compartment, however many currencies its rows carry.
      expect(new Set(data.topCompartments.map((row) => row.id)).size).toBe(data.topCompartments.length)
      expect(data.topResources.length).toBeGreaterThan(0)
    } finally {
      await sink.close()
    }
  })
})
