import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { EmulatorError } from '../src/errors.ts'
import {
  formatTotals,
  type GeneratedFile,
  generateFocusCsv,
  generateFocusCsvRows,
  generateFocusReports,
  LEGACY_COST_HEADER,
  OCI_FOCUS_HEADER,
  writeFocusCsvGz,
} from '../src/generator/index.ts'

// The header of reference/oci-focus-reports.md §4, verbatim.
const REFERENCE_HEADER =
  'AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeDescription,ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,ChargeSubcategory,CommitmentDiscountCategory,CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountType,EffectiveCost,InvoiceIssuer,ListCost,ListUnitPrice,PricingCategory,PricingQuantity,PricingUnit,Provider,Publisher,Region,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,SkuId,SkuPriceId,SubAccountId,SubAccountName,Tags,UsageQuantity,UsageUnit,oci_ReferenceNumber,oci_CompartmentId,oci_CompartmentName,oci_OverageFlag,oci_UnitPriceOverage,oci_BilledQuantityOverage,oci_CostOverage,oci_AttributedUsage,oci_AttributedCost,oci_BackReferenceNumber'

const OPTIONS = {
  seed: 42,
  startDate: '2025-09-01',
  days: 3,
  filesPerDay: 3,
  rowsPerFile: 150,
  lateFile: { day: '2025-09-01', deliveredOn: '2025-09-05' },
  rewrite: { day: '2025-09-02' },
  legacyCost: true,
} as const

const reports = generateFocusReports(OPTIONS)
const focusFiles = reports.files.filter((f) => f.kind === 'focus')

type Row = Record<string, string>

const parsedFiles = new WeakMap<GeneratedFile, { header: string[]; rows: Row[] }>()

/** Reads a file back with csv-parse, from the gzip bytes (what a consumer sees). */
function readRows(file: GeneratedFile): { header: string[]; rows: Row[] } {
  const cached = parsedFiles.get(file)
  if (cached !== undefined) return cached
  const parsed = parseFile(file)
  parsedFiles.set(file, parsed)
  return parsed
}

function parseFile(file: GeneratedFile): { header: string[]; rows: Row[] } {
  const records = parse(gunzipSync(file.gz), { relax_column_count: false }) as string[][]
  const [header, ...rest] = records
  return {
    header: header!,
    rows: rest.map((record) => Object.fromEntries(header!.map((name, i) => [name, record[i]!]))),
  }
}

/** Exact decimal → BigInt scaled by 10^12, independent of the generator's own helper. */
function scaled(text: string): bigint {
  if (text === '') return 0n
  const negative = text.startsWith('-')
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.')
  const value = BigInt(whole!) * 10n ** 12n + BigInt(fraction.padEnd(12, '0'))
  return negative ? -value : value
}

function show(value: bigint): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(13, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -12)}.${digits.slice(-12)}`
}

/** Recomputes the totals over the final version of each name, straight from the CSV text. */
function recompute(files: readonly GeneratedFile[]) {
  const finals = new Map<string, GeneratedFile>()
  for (const file of files) if (file.kind === 'focus') finals.set(file.name, file)
  const groups = new Map<string, { billed: bigint; effective: bigint; rows: number }>()
  let rows = 0
  for (const file of finals.values()) {
    for (const row of readRows(file).rows) {
      const key = `${row['ServiceName']}|${row['ChargePeriodStart']!.slice(0, 10)}`
      const group = groups.get(key) ?? { billed: 0n, effective: 0n, rows: 0 }
      group.billed += scaled(row['BilledCost']!)
      group.effective += scaled(row['EffectiveCost']!)
      group.rows += 1
      groups.set(key, group)
      rows += 1
    }
  }
  const byServiceDay: Record<string, { billedCost: string; effectiveCost: string; rows: number }> = {}
  for (const [key, group] of groups) {
    byServiceDay[key] = {
      billedCost: show(group.billed),
      effectiveCost: show(group.effective),
      rows: group.rows,
    }
  }
  return { rows, byServiceDay, files: finals.size }
}

describe('OCI FOCUS report generator', () => {
  it('writes the 49-column OCI header in order, CRLF line ends and gzip that matches the csv', () => {
    expect(OCI_FOCUS_HEADER.join(',')).toBe(REFERENCE_HEADER)
    expect(OCI_FOCUS_HEADER).toHaveLength(49)
    for (const file of focusFiles) {
      expect(gunzipSync(file.gz).equals(file.csv)).toBe(true)
      expect([...file.gz.subarray(0, 2)]).toEqual([0x1f, 0x8b])
      const text = file.csv.toString('utf8')
      expect(text.startsWith(`${REFERENCE_HEADER}\r\n`)).toBe(true)
      expect(text.endsWith('\r\n')).toBe(true)
      // Every LF is part of a CRLF (no field holds a line break).
      expect(text.split('\n').length).toBe(text.split('\r\n').length)
      expect(text.split('\r\n').length - 2).toBe(file.rows)
      const { header, rows } = readRows(file)
      expect(header).toEqual([...OCI_FOCUS_HEADER])
      expect(rows).toHaveLength(file.rows)
    }
  })

  it('reproduces the expected totals to the last digit (BigInt recomputation over final versions)', () => {
    const again = recompute(reports.files)
    expect(reports.expected.rows).toBe(again.rows)
    expect(reports.expected.byServiceDay).toEqual(again.byServiceDay)
    expect(reports.expected.files).toBe(again.files)
    let billed = 0n
    for (const group of Object.values(again.byServiceDay)) billed += scaled(group.billedCost)
    expect(reports.expected.billedCost).toBe(show(billed))
    // Negative credits exist, so a loader that drops signs cannot match.
    expect(Object.values(reports.expected.byServiceDay).some((g) => g.billedCost !== g.effectiveCost)).toBe(
      true,
    )
  })

  it('computes expectedFor on any subset, also for copies of the file objects', () => {
    const day2 = reports.files.filter((f) => f.day === '2025-09-02')
    expect(reports.expectedFor(day2)).toMatchObject(recompute(day2))
    const copies = day2.map((f) => ({ ...f }))
    expect(reports.expectedFor(copies)).toEqual(reports.expectedFor(day2))
    expect(reports.expectedFor([])).toMatchObject({ rows: 0, byServiceDay: {}, billedCost: '0.000000000000' })
  })

  it('names objects as OCI does: FOCUS Reports/YYYY/MM/DD/<16 digits>-<5 digits>.csv.gz, several a day', () => {
    for (const file of focusFiles) {
      expect(file.name).toMatch(/^FOCUS Reports\/\d{4}\/\d{2}\/\d{2}\/\d{16}-\d{5}\.csv\.gz$/)
      expect(file.name.slice('FOCUS Reports/'.length, 'FOCUS Reports/'.length + 10)).toBe(
        file.day.replaceAll('-', '/'),
      )
    }
    const perDay = new Map<string, GeneratedFile[]>()
    for (const file of focusFiles.filter((f) => f.version === 1))
      perDay.set(file.day, [...(perDay.get(file.day) ?? []), file])
    expect(perDay.get('2025-09-03')).toHaveLength(3)
    // With three reports a day, the second is the split part -00002 of the first report.
    const parts = perDay.get('2025-09-03')!.map((f) => f.name.slice(-29, -7))
    expect(parts[1]).toBe(`${parts[0]!.slice(0, 16)}-00002`)
    const names = focusFiles.filter((f) => f.version === 1).map((f) => f.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('writes OCI value formats: periods, 12-decimal money, Usage-based, empty columns', () => {
    const emptyInOci = [
      'BillingAccountName',
      'PricingCategory',
      'CommitmentDiscountCategory',
      'CommitmentDiscountId',
      'CommitmentDiscountName',
      'CommitmentDiscountType',
      'SkuPriceId',
      'ResourceName',
      'ChargeSubcategory',
    ]
    const money = /^-?\d+\.\d{12}$/
    for (const file of focusFiles) {
      for (const row of readRows(file).rows) {
        expect(row['ChargePeriodStart']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/)
        expect(row['ChargePeriodEnd']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/)
        expect(Date.parse(row['ChargePeriodEnd']!) - Date.parse(row['ChargePeriodStart']!)).toBe(3_600_000)
        const start = new Date(Date.parse(row['ChargePeriodStart']!))
        const monthStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1))
        const nextMonth = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
        expect(row['BillingPeriodStart']).toBe(monthStart.toISOString())
        expect(row['BillingPeriodEnd']).toBe(new Date(nextMonth.getTime() - 1).toISOString())
        expect(row['BilledCost']).toMatch(money)
        expect(row['EffectiveCost']).toMatch(money)
        for (const column of [
          'ListCost',
          'ListUnitPrice',
          'PricingQuantity',
          'UsageQuantity',
          'oci_AttributedCost',
        ]) {
          expect(row[column]).toMatch(/^(-?\d+\.\d{12})?$/)
        }
        expect(row['ChargeFrequency']).toBe('Usage-based')
        expect(row['Provider']).toBe('Oracle')
        for (const column of emptyInOci) expect(row[column]).toBe('')
        expect(row['SubAccountId']).toBe(reports.tenancyOcid)
        expect(row['oci_ReferenceNumber']).toMatch(/^V2\.[A-Za-z0-9+/]{48}[A-Za-z0-9+/][AQgw]==$/)
        expect(row['oci_CompartmentId']).toMatch(/^ocid1\.(compartment|tenancy)\.oc1\.\./)
        expect(row['SkuId']).toMatch(/^B\d{5}$/)
        if (row['ResourceId'] !== '')
          expect(row['ResourceId']).toMatch(
            new RegExp(`^ocid1\\.[a-z]+\\.oc1\\.${row['Region']}\\.[a-z2-7]{60}$`),
          )
      }
    }
    expect(reports.tenancyOcid).toMatch(/^ocid1\.tenancy\.oc1\.\.aaaaaaaa[a-z2-7]{52}$/)
  })

  it('attributes rows by ChargePeriodStart, not the folder: the first folder charges the previous month', () => {
    const first = focusFiles.find((f) => f.day === '2025-09-01' && f.version === 1)!
    const days = new Set(readRows(first).rows.map((r) => r['ChargePeriodStart']!.slice(0, 10)))
    expect(days.has('2025-08-31')).toBe(true)
    expect(days.has('2025-09-01')).toBe(false)
    expect(Object.keys(reports.expected.byServiceDay).some((k) => k.endsWith('|2025-08-31'))).toBe(true)
    const august = readRows(first).rows.find((r) => r['ChargePeriodStart']!.startsWith('2025-08-31'))!
    expect(august['BillingPeriodStart']).toBe('2025-08-01T00:00:00.000Z')
    expect(august['BillingPeriodEnd']).toBe('2025-08-31T23:59:59.999Z')
  })

  it('has credits, corrections pointing back, zero rows and several services and regions', () => {
    const rows = focusFiles.flatMap((f) => readRows(f).rows.map((row) => ({ row, file: f })))
    const credits = rows.filter(({ row }) => row['ChargeCategory'] === 'Credit')
    expect(credits.length).toBeGreaterThan(0)
    for (const { row } of credits) expect(scaled(row['BilledCost']!)).toBeLessThan(0n)
    const adjustments = rows.filter(({ row }) => row['ChargeCategory'] === 'Adjustment')
    expect(adjustments.length).toBeGreaterThan(0)
    for (const { row, file } of adjustments) {
      const refs = new Set(readRows(file).rows.map((r) => r['oci_ReferenceNumber']))
      expect(refs.has(row['oci_BackReferenceNumber'])).toBe(true)
    }
    const zero = rows.filter(({ row }) => row['BillingCurrency'] === '')
    expect(zero.length).toBeGreaterThan(0)
    for (const { row } of zero) expect(row['BilledCost']).toBe('0.000000000000')
    const services = new Set(rows.map(({ row }) => `${row['ServiceName']}/${row['ServiceCategory']}`))
    for (const expected of [
      'COMPUTE/Compute',
      'BLOCK_STORAGE/Storage',
      'OBJECT_STORAGE/Storage',
      'NETWORK/Networking',
      'DATABASE/Databases',
    ]) {
      expect(services.has(expected)).toBe(true)
    }
    expect(new Set(rows.map(({ row }) => row['Region'])).size).toBeGreaterThan(2)
    expect(rows.some(({ row }) => /^[A-Za-z]{4}:[A-Z0-9-]+-AD-\d$/.test(row['AvailabilityZone']!))).toBe(true)
    expect(rows.some(({ row }) => row['AvailabilityZone'] === '')).toBe(true)
  })

  it('writes Tags as JSON objects: some over 4,000 characters, with unicode, escaped quotes and backslashes', () => {
    for (const file of focusFiles) {
      const tags = readRows(file).rows.map((r) => r['Tags']!)
      const parsed = tags.map((t) => JSON.parse(t) as Record<string, string>)
      for (const value of parsed) expect(typeof value).toBe('object')
      expect(tags.some((t) => t.length > 4000)).toBe(true)
      expect(tags.some((t) => /[^\u0000-\u007f]/.test(t))).toBe(true)
      expect(parsed.some((t) => Object.values(t).some((v) => v.includes('"') && v.includes('\\')))).toBe(true)
      expect(parsed.some((t) => 'ArchitectureCenter\\deploy-tomcat-adb-d593.release' in t)).toBe(true)
    }
    // In the raw file the JSON quotes are doubled (RFC 4180).
    expect(focusFiles[0]!.csv.toString('utf8')).toContain(
      '"{""Oracle-Tags.CreatedBy"":""oracleidentitycloudservice/',
    )
  })

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateFocusReports(OPTIONS)
    expect(again.files.map((f) => f.name)).toEqual(reports.files.map((f) => f.name))
    again.files.forEach((file, i) => {
      expect(file.csv.equals(reports.files[i]!.csv)).toBe(true)
      expect(file.timeModified.getTime()).toBe(reports.files[i]!.timeModified.getTime())
    })
    expect(again.expected).toEqual(reports.expected)
    const other = generateFocusReports({ ...OPTIONS, seed: 43 })
    expect(other.files[1]!.csv.equals(reports.files[1]!.csv)).toBe(false)
    expect(other.tenancyOcid).not.toBe(reports.tenancyOcid)
  })

  it('delivers a late file into an old day folder after the others, with a higher report number', () => {
    const late = focusFiles.find((f) => f.timeModified.toISOString().startsWith('2025-09-05'))!
    expect(late.day).toBe('2025-09-01')
    expect(late.name.startsWith('FOCUS Reports/2025/09/01/')).toBe(true)
    const number = (f: GeneratedFile) => Number(f.name.slice(-29, -13))
    for (const file of focusFiles) if (file !== late) expect(number(file)).toBeLessThan(number(late))
    expect(reports.files.at(-1)).toBe(late)
    const times = reports.files.map((f) => f.timeModified.getTime())
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('rewrites one file: same name, version 2 after version 1, new content restating most rows', () => {
    const versions = focusFiles.filter((f) => f.name === focusFiles.find((g) => g.version === 2)!.name)
    expect(versions.map((f) => f.version)).toEqual([1, 2])
    const [v1, v2] = versions as [GeneratedFile, GeneratedFile]
    expect(v1.day).toBe('2025-09-02')
    expect(v2.timeModified.getTime()).toBeGreaterThan(v1.timeModified.getTime())
    expect(v2.csv.equals(v1.csv)).toBe(false)
    const refs1 = new Set(readRows(v1).rows.map((r) => r['oci_ReferenceNumber']))
    const refs2 = readRows(v2).rows.map((r) => r['oci_ReferenceNumber'])
    const restated = refs2.filter((r) => refs1.has(r)).length
    expect(restated).toBeGreaterThan(refs1.size / 2)
    expect(restated).toBeLessThan(refs2.length)
    // Totals count version 2 only.
    expect(reports.expected.rows).toBe(focusFiles.reduce((sum, f) => sum + (f === v1 ? 0 : f.rows), 0))
  })

  it('writes optional legacy cost reports with the legacy header, outside the FOCUS totals', () => {
    const legacy = reports.files.filter((f) => f.kind === 'cost')
    expect(legacy).toHaveLength(3)
    for (const file of legacy) {
      expect(file.name).toMatch(/^reports\/cost-csv\/\d{16}-00001\.csv\.gz$/)
      const records = parse(gunzipSync(file.gz)) as string[][]
      expect(records[0]!.slice(0, LEGACY_COST_HEADER.length)).toEqual([...LEGACY_COST_HEADER])
      expect(records[0]!.slice(LEGACY_COST_HEADER.length).every((c) => c.startsWith('tags/'))).toBe(true)
      expect(records).toHaveLength(file.rows + 1)
      expect(records[1]![2]).toMatch(/T\d{2}:00Z$/)
      expect(records[1]![3]).toMatch(/T\d{2}:00:00Z$/)
      expect(file.csv.toString('utf8').split('\n').length).toBe(
        file.csv.toString('utf8').split('\r\n').length,
      )
    }
    const withoutLegacy = generateFocusReports({ ...OPTIONS, legacyCost: false })
    expect(withoutLegacy.expected).toEqual(reports.expected)
  })

  it('keeps every row at 49 fields across seeds (quoted descriptions, compartment names, tags)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { csv, totals } = generateFocusCsv({ seed, day: '2025-12-01', rows: 4000 })
      const records = parse(csv, { relax_column_count: false }) as string[][]
      expect(records).toHaveLength(4001)
      const descriptions = new Set(
        records.slice(1).map((r) => r[OCI_FOCUS_HEADER.indexOf('ChargeDescription')]),
      )
      expect([...descriptions].some((d) => d!.includes(','))).toBe(true)
      expect(
        records
          .slice(1)
          .some((r) => r[OCI_FOCUS_HEADER.indexOf('oci_CompartmentName')] === 'sandbox, shared'),
      ).toBe(true)
      expect(totals.rows).toBe(4000)
    }
  })

  it('streams big files in whole-row chunks identical to the in-memory file', () => {
    const options = { seed: 7, day: '2025-10-01', rows: 3000, chunkBytes: 64 * 1024 }
    const chunks = [...generateFocusCsvRows(options)]
    expect(chunks.length).toBeGreaterThan(3)
    for (const chunk of chunks) expect(chunk.subarray(-2).toString()).toBe('\r\n')
    const whole = generateFocusCsv(options)
    expect(Buffer.concat(chunks).equals(whole.csv)).toBe(true)
    expect(whole.totals.rows).toBe(3000)
    expect(parse(whole.csv)).toHaveLength(3001)
  })

  it('writes a streamed .csv.gz file to disk with the same bytes and totals', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'focus-gen-'))
    try {
      const options = { seed: 9, day: '2025-11-02', rows: 2500, chunkBytes: 32 * 1024 }
      const written = await writeFocusCsvGz(join(dir, 'big.csv.gz'), options)
      const csv = gunzipSync(await readFile(join(dir, 'big.csv.gz')))
      const inMemory = generateFocusCsv(options)
      expect(csv.equals(inMemory.csv)).toBe(true)
      expect(written.csvBytes).toBe(csv.length)
      expect(formatTotals(written.totals)).toEqual(formatTotals(inMemory.totals))
      expect(written.totals.rows).toBe(2500)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('rejects bad options with EMULATOR_INVALID_OPTION naming the option and value', () => {
    const cases: Array<[Parameters<typeof generateFocusReports>[0], RegExp]> = [
      [
        { startDate: '2025-02-30', days: 1 },
        /startDate: must be a calendar day YYYY-MM-DD, got "2025-02-30"/,
      ],
      [{ startDate: '2025-09-01', days: 0 }, /days: must be an integer >= 1, got 0/],
      [{ startDate: '2025-09-01', days: 1, rowsPerFile: -1 }, /rowsPerFile: must be an integer >= 0, got -1/],
      [
        { startDate: '2025-09-01', days: 1, rewrite: { day: '2025-10-01' } },
        /rewrite.day: must be one of the generated days, got 2025-10-01/,
      ],
      [
        { startDate: '2025-09-01', days: 1, lateFile: { day: '2025-09-01', deliveredOn: '2025-09-01' } },
        /lateFile.deliveredOn: must be after/,
      ],
    ]
    for (const [options, message] of cases) {
      expect(() => generateFocusReports(options)).toThrow(message)
      try {
        generateFocusReports(options)
      } catch (error) {
        expect(error).toBeInstanceOf(EmulatorError)
        expect((error as EmulatorError).code).toBe('EMULATOR_INVALID_OPTION')
      }
    }
  })
})
