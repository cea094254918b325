import { gzipSync } from 'node:zlib'
import { EmulatorError } from '../errors.js'
import { tenancyOcidFor } from './catalog.js'
import { parseCsv } from './csv.js'
import { parseScaled } from './decimal.js'
import {
  addDays,
  addTotals,
  dayString,
  emptyTotals,
  formatTotals,
  type GroupTotals,
  generateFocusCsv,
  parseDay,
  type RowTotals,
} from './focus.js'
import { generateLegacyCostCsv } from './legacy.js'
import { Random } from './random.js'

export interface GenerateOptions {
  /** PRNG seed; default 1. Same options → byte-identical files. */
  seed?: number
  /** First day folder, `YYYY-MM-DD`. */
  startDate: string
  /** Number of consecutive day folders. */
  days: number
  /** Reports per day folder; default 3. With 3 or more, the second is part `-00002` of the first. */
  filesPerDay?: number
  /** Rows per file; default 200. */
  rowsPerFile?: number
  /** Default: an OCID derived from the seed. */
  tenancyOcid?: string
  /** An extra report for an old day folder, delivered later than the others (higher report number). */
  lateFile?: { day: string; deliveredOn: string }
  /** The first report of that day is written again (same name, new content, version 2). */
  rewrite?: { day: string; deliveredOn?: string }
  /** Also write legacy cost reports (`reports/cost-csv/<16d>-00001.csv.gz`), one per day. */
  legacyCost?: boolean
  /** gzip level; default 6. */
  gzipLevel?: number
}

export interface GeneratedFile {
  /** `FOCUS Reports/YYYY/MM/DD/<16d>-<5d>.csv.gz`, or `reports/cost-csv/<16d>-<5d>.csv.gz` for legacy. */
  name: string
  gz: Buffer
  csv: Buffer
  rows: number
  /** Day folder (generation day), `YYYY-MM-DD`. */
  day: string
  /** 1, or 2 for a rewrite. */
  version: number
  /** When OCI would have written it; files are returned in this order. */
  timeModified: Date
  kind: 'focus' | 'cost'
}

export interface ExpectedTotals {
  /** FOCUS rows over the final version of each object name. */
  rows: number
  /** Sums of BilledCost and EffectiveCost (exact, 12 decimals) per `${ServiceName}|${ChargePeriodStart day}`. */
  byServiceDay: Record<string, GroupTotals>
  /** Grand totals, 12 decimals. */
  billedCost: string
  effectiveCost: string
  /** Final FOCUS object names counted. */
  files: number
}

export interface GeneratedReports {
  tenancyOcid: string
  files: GeneratedFile[]
  expected: ExpectedTotals
  /** The same totals for a subset of files (e.g. one day window), final version per name. */
  expectedFor(files: readonly GeneratedFile[]): ExpectedTotals
}

// Totals of the files this module generated, so expectedFor needs no re-parse.
const fileTotals = new WeakMap<GeneratedFile, RowTotals>()
const FIRST_REPORT_NUMBER = 1_000_002_700_000

/**
 * Generates OCI FOCUS report files exactly as OCI delivers them, and the exact totals a loader
 * must reproduce. Deterministic for a seed.
 */
export function generateFocusReports(options: GenerateOptions): GeneratedReports {
  const seed = options.seed ?? 1
  const filesPerDay = positiveInt(options.filesPerDay ?? 3, 'filesPerDay')
  const rowsPerFile = positiveInt(options.rowsPerFile ?? 200, 'rowsPerFile', 0)
  const days = positiveInt(options.days, 'days')
  const start = parseDay(options.startDate, 'startDate')
  const tenancyOcid = options.tenancyOcid ?? tenancyOcidFor(seed)
  const gzipLevel = options.gzipLevel ?? 6
  const random = new Random(seed, 'report-numbers')
  let reportNumber = FIRST_REPORT_NUMBER + random.int(0, 99_999) * 10
  // Legacy numbers draw from their own stream so that legacyCost never changes the FOCUS files.
  const legacyRandom = new Random(seed, 'legacy-numbers')
  let legacyNumber = 1_000_001_400_000 + legacyRandom.int(0, 99_999) * 10
  const files: GeneratedFile[] = []

  const makeFocus = (
    day: string,
    number: number,
    part: number,
    timeModified: Date,
    slice: { index: number; count: number },
    version = 1,
    reuse?: readonly string[],
  ) => {
    const name = `FOCUS Reports/${day.replaceAll('-', '/')}/${pad16(number)}-${String(part).padStart(5, '0')}.csv.gz`
    const rows = version === 1 ? rowsPerFile : rowsPerFile + Math.ceil(rowsPerFile / 10)
    const generated = generateFocusCsv({
      seed,
      day,
      rows,
      tenancyOcid,
      slice,
      label: version === 1 ? name : `${name}#v${version}`,
      ...(reuse === undefined ? {} : { reuseReferenceNumbers: reuse }),
    })
    const file: GeneratedFile = {
      name,
      csv: generated.csv,
      gz: gzipSync(generated.csv, { level: gzipLevel }),
      rows,
      day,
      version,
      timeModified,
      kind: 'focus',
    }
    fileTotals.set(file, generated.totals)
    files.push(file)
    return { file, referenceNumbers: generated.referenceNumbers }
  }

  const rewriteDay = options.rewrite?.day
  if (rewriteDay !== undefined) parseDay(rewriteDay, 'rewrite.day')
  for (let d = 0; d < days; d++) {
    const dayTime = addDays(start, d)
    const day = dayString(dayTime)
    for (let k = 0; k < filesPerDay; k++) {
      const splitPart = filesPerDay >= 3 && k === 1
      if (!splitPart) reportNumber += random.int(100, 900)
      // Spread the day's deliveries over its hours, as OCI's runs every few hours do.
      const timeModified = new Date(
        dayTime + Math.floor(((k + 1) * 24 * 3_600_000) / (filesPerDay + 1)) + random.int(0, 3_599) * 1000,
      )
      const made = makeFocus(day, reportNumber, splitPart ? 2 : 1, timeModified, {
        index: k,
        count: filesPerDay,
      })
      if (k === 0 && day === rewriteDay) {
        const deliveredOn = options.rewrite?.deliveredOn
        const when =
          deliveredOn === undefined
            ? addDays(dayTime, 2) + 8 * 3_600_000
            : parseDay(deliveredOn, 'rewrite.deliveredOn') + 20 * 3_600_000
        // The rewrite restates most rows of version 1 (same reference numbers, new amounts) and adds some.
        const reuse = made.referenceNumbers.slice(0, Math.floor(made.referenceNumbers.length * 0.8))
        makeFocus(day, reportNumber, 1, new Date(when), { index: k, count: filesPerDay }, 2, reuse)
      }
    }
    if (options.legacyCost === true) {
      legacyNumber += legacyRandom.int(50, 400)
      const csv = generateLegacyCostCsv({ seed, tenancyOcid, day, rows: rowsPerFile, label: `legacy:${day}` })
      files.push({
        name: `reports/cost-csv/${pad16(legacyNumber)}-00001.csv.gz`,
        csv,
        gz: gzipSync(csv, { level: gzipLevel }),
        rows: rowsPerFile,
        day,
        version: 1,
        timeModified: new Date(dayTime + 3 * 3_600_000),
        kind: 'cost',
      })
    }
  }
  if (rewriteDay !== undefined && !files.some((f) => f.version === 2)) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `rewrite.day: must be one of the generated days, got ${rewriteDay}`,
      {
        option: 'rewrite.day',
        value: rewriteDay,
      },
    )
  }
  if (options.lateFile !== undefined) {
    const { day, deliveredOn } = options.lateFile
    const dayTime = parseDay(day, 'lateFile.day')
    const deliveredTime = parseDay(deliveredOn, 'lateFile.deliveredOn')
    if (deliveredTime <= dayTime) {
      throw new EmulatorError(
        'EMULATOR_INVALID_OPTION',
        `lateFile.deliveredOn: must be after lateFile.day ${day}, got ${deliveredOn}`,
        {
          option: 'lateFile.deliveredOn',
          value: deliveredOn,
        },
      )
    }
    reportNumber += random.int(100, 900)
    makeFocus(day, reportNumber, 1, new Date(deliveredTime + 23 * 3_600_000 + 30 * 60_000), {
      index: 0,
      count: 1,
    })
  }
  // Delivery order; a rewrite's version 2 always comes after its version 1.
  files.sort((a, b) => a.timeModified.getTime() - b.timeModified.getTime() || a.version - b.version)
  return { tenancyOcid, files, expected: expectedFor(files), expectedFor }
}

/** Totals over the final version of each FOCUS object name among `files` (legacy files ignored). */
export function expectedFor(files: readonly GeneratedFile[]): ExpectedTotals {
  const finals = new Map<string, GeneratedFile>()
  for (const file of files) {
    if (file.kind === 'cost' || !file.name.startsWith('FOCUS Reports/')) continue
    const seen = finals.get(file.name)
    if (seen === undefined || file.version >= seen.version) finals.set(file.name, file)
  }
  const totals = emptyTotals()
  for (const file of finals.values()) addTotals(totals, fileTotals.get(file) ?? totalsFromCsv(file))
  let billed = 0n
  let effective = 0n
  for (const group of totals.groups.values()) {
    billed += group.billed
    effective += group.effective
  }
  const format = formatTotals({ rows: 0, groups: new Map([['all', { billed, effective, rows: 0 }]]) })['all']!
  return {
    rows: totals.rows,
    byServiceDay: formatTotals(totals),
    billedCost: format.billedCost,
    effectiveCost: format.effectiveCost,
    files: finals.size,
  }
}

/** Totals of a file this module did not make (e.g. a copy), read back from its CSV. */
function totalsFromCsv(file: GeneratedFile): RowTotals {
  const [header, ...records] = parseCsv(file.csv.toString('utf8'))
  const column = (name: string) => header?.indexOf(name) ?? -1
  const [billedAt, effectiveAt, serviceAt, startAt] = [
    'BilledCost',
    'EffectiveCost',
    'ServiceName',
    'ChargePeriodStart',
  ].map(column)
  const totals = emptyTotals()
  for (const record of records) {
    const key = `${record[serviceAt!]}|${(record[startAt!] ?? '').slice(0, 10)}`
    addTotals(totals, {
      rows: 1,
      groups: new Map([
        [
          key,
          {
            billed: parseScaled(record[billedAt!] ?? ''),
            effective: parseScaled(record[effectiveAt!] ?? ''),
            rows: 1,
          },
        ],
      ]),
    })
  }
  return totals
}

/** What seedReports needs from a running emulator (see contracts: Emulator test helpers). */
export interface ReportSeedTarget {
  createBucket(namespace: string, bucket: string): Promise<void>
  putObject(
    namespace: string,
    bucket: string,
    name: string,
    body: Buffer | string,
    options?: { metadata?: Record<string, string>; contentType?: string; timeModified?: Date },
  ): Promise<unknown>
  listObjectNames(namespace: string, bucket: string): Promise<string[]>
}

/**
 * Puts `files` into `bling/<tenancyOcid>` in delivery order with their generated timeModified (so a
 * rewrite overwrites its first version with a fresh etag), creating the bucket.
 */
export async function seedReports(
  emulator: ReportSeedTarget,
  files: readonly GeneratedFile[],
  tenancyOcid: string,
): Promise<void> {
  try {
    await emulator.createBucket('bling', tenancyOcid)
  } catch (error) {
    // An existing bucket is fine; anything else surfaces with the original error.
    await emulator.listObjectNames('bling', tenancyOcid).catch(() => {
      throw error
    })
  }
  const ordered = [...files].sort(
    (a, b) => a.timeModified.getTime() - b.timeModified.getTime() || a.version - b.version,
  )
  for (const file of ordered) {
    await emulator.putObject('bling', tenancyOcid, file.name, file.gz, {
      contentType: 'application/octet-stream',
    })
  }
}

function pad16(n: number): string {
  return String(n).padStart(16, '0')
}

function positiveInt(value: number, option: string, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `${option}: must be an integer >= ${min}, got ${value}`,
      {
        option,
        value: String(value),
      },
    )
  }
  return value
}
