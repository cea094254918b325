import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import { EmulatorError } from '../errors.js'
import {
  buildTenancyProfile,
  OCI_FOCUS_HEADER,
  type Resource,
  type TagProfile,
  type TenancyProfile,
  tenancyOcidFor,
} from './catalog.js'
import { CRLF, csvField } from './csv.js'
import { divideRounded, formatScaled, multiplyScaled } from './decimal.js'
import { Random } from './random.js'

/** Exact sums for one `${ServiceName}|${YYYY-MM-DD of ChargePeriodStart}` group. */
export interface GroupTotals {
  /** Sum of BilledCost, 12 decimals. */
  billedCost: string
  /** Sum of EffectiveCost, 12 decimals. */
  effectiveCost: string
  rows: number
}

/** Running totals of generated rows (scaled BigInts; formatted by `formatTotals`). */
export interface RowTotals {
  rows: number
  groups: Map<string, { billed: bigint; effective: bigint; rows: number }>
}

export function emptyTotals(): RowTotals {
  return { rows: 0, groups: new Map() }
}

export function addTotals(into: RowTotals, from: RowTotals): void {
  into.rows += from.rows
  for (const [key, group] of from.groups) addGroup(into, key, group.billed, group.effective, group.rows)
}

export function formatTotals(totals: RowTotals): Record<string, GroupTotals> {
  const out: Record<string, GroupTotals> = {}
  for (const key of [...totals.groups.keys()].sort()) {
    const group = totals.groups.get(key)!
    out[key] = {
      billedCost: formatScaled(group.billed),
      effectiveCost: formatScaled(group.effective),
      rows: group.rows,
    }
  }
  return out
}

function addGroup(totals: RowTotals, key: string, billed: bigint, effective: bigint, rows: number): void {
  const group = totals.groups.get(key)
  if (group === undefined) {
    totals.groups.set(key, { billed, effective, rows })
  } else {
    group.billed += billed
    group.effective += effective
    group.rows += rows
  }
}

export interface FocusCsvOptions {
  /** PRNG seed; default 1. */
  seed?: number
  /** Folder (generation) day, `YYYY-MM-DD`. Rows charge the day before, a few two days before. */
  day: string
  rows: number
  /** Default: derived from the seed. */
  tenancyOcid?: string
  /** The slice of the charge day this file covers: part `index` of `count` equal hour ranges. */
  slice?: { index: number; count: number }
  /** Mixed into the seed so files of one day differ; default `day`. */
  label?: string
  /** The first rows restate these oci_ReferenceNumbers (a rewritten file). */
  reuseReferenceNumbers?: readonly string[]
  /** Approximate size of each yielded chunk; default 1 MiB. */
  chunkBytes?: number
}

/** Collects what the report builder needs while rows stream out. */
export interface FocusRowSink {
  totals: RowTotals
  referenceNumbers?: string[]
}

interface HourSlot {
  start: string
  end: string
  day: string
  billingStart: string
  billingEnd: string
}

const ZERO = formatScaled(0n)
const FORCED_PROFILES: TagProfile[] = ['huge', 'unicode', 'quotes', 'free-form']

/**
 * Streams one OCI FOCUS CSV file as UTF-8 Buffers: the header line, then chunks of whole CRLF-terminated rows. Memory stays
 * flat, so a loader benchmark can pipe millions of rows through gzip. Pass `sink` to receive the
 * exact totals. Deterministic for the same options.
 */
export function* generateFocusCsvRows(options: FocusCsvOptions, sink?: FocusRowSink): Generator<Buffer> {
  const seed = options.seed ?? 1
  const tenancyOcid = options.tenancyOcid ?? tenancyOcidFor(seed)
  const tenancy = profileFor(seed, tenancyOcid)
  const random = new Random(seed, `rows:${options.label ?? options.day}`)
  const folderDay = parseDay(options.day, 'day')
  const chargeSlots = hourSlots(addDays(folderDay, -1))
  const lateSlots = hourSlots(addDays(folderDay, -2))
  const slice = options.slice ?? { index: 0, count: 1 }
  const firstHour = Math.floor((24 * slice.index) / slice.count)
  const lastHour = Math.max(firstHour, Math.floor((24 * (slice.index + 1)) / slice.count) - 1)
  const reuse = options.reuseReferenceNumbers ?? []
  const chunkBytes = options.chunkBytes ?? 1 << 20
  const totals = sink?.totals ?? emptyTotals()
  const forced = FORCED_PROFILES.map((profile) => tenancy.resources.find((r) => r.profile === profile)!)
  const common = `${tenancy.billingAccountId},,`
  const subAccount = `${tenancy.tenancyOcid},${tenancy.tenancyName}`
  let lastUsageRef = ''

  yield Buffer.from(OCI_FOCUS_HEADER.join(',') + CRLF, 'utf8')
  let buffer = Buffer.allocUnsafe(chunkBytes)
  let used = 0
  for (let i = 0; i < options.rows; i++) {
    const late = random.chance(0.03)
    const slot = late ? lateSlots[random.int(0, 23)]! : chargeSlots[random.int(firstHour, lastHour)]!
    // Rows 1-4 of every file carry the tag shapes loaders get wrong (over 4,000 characters, unicode,
    // escaped quotes and backslashes), so even small files exercise them.
    const resource: Resource =
      i >= 1 && i <= forced.length
        ? forced[i - 1]!
        : random.chance(0.002)
          ? forced[0]!
          : random.pick(tenancy.weighted)
    const service = resource.service
    const sku = random.pick(service.skus)
    const reference = i < reuse.length ? reuse[i]! : referenceNumber(random)
    const roll = random.next()
    let category = 'Usage'
    let description = sku.description
    let currency = 'USD'
    let billed: bigint
    let effective: bigint
    let list = ''
    let unitPrice = ''
    let quantity = ''
    let unit = sku.unit
    let skuId = sku.id
    let resourceId = resource.id
    let backReference = ''
    let overage = ',,,'
    let attributed = `${ZERO},${ZERO}`
    if (roll < 0.05) {
      // Zero-cost rows, as in OCI's public sample: every amount 0, BillingCurrency empty.
      billed = 0n
      effective = 0n
      currency = ''
      list = ZERO
      unitPrice = ZERO
      quantity = ZERO
    } else if (roll < 0.07) {
      category = 'Credit'
      description = 'Promotional Credit'
      billed = -BigInt(random.int(1, 2_000_000)) * 1_000_000n
      effective = billed
      unit = ''
      skuId = 'B88206'
      resourceId = ''
    } else if (roll < 0.09 && lastUsageRef !== '') {
      // A correction pointing back at an earlier row of this file.
      category = 'Adjustment'
      // Re-quote: SKU descriptions can hold commas ("Archive Storage, Infrequent Access").
      description = csvField(`Adjustment - ${stripQuotes(sku.description)}`)
      billed = -BigInt(random.int(1, 500_000)) * 1_000_000n + BigInt(random.int(0, 999_999))
      effective = billed
      list = ZERO
      unitPrice = formatScaled(sku.price)
      quantity = ZERO
      backReference = lastUsageRef
    } else {
      const qty =
        BigInt(random.int(0, sku.maxQuantity * 1_000_000)) * 1_000_000n + BigInt(random.int(0, 999_999))
      const listCost = multiplyScaled(qty, sku.price)
      billed = divideRounded(listCost * (10_000n - tenancy.discountBps), 10_000n)
      effective = random.chance(0.08) ? divideRounded(billed * 9n, 10n) : billed
      list = formatScaled(listCost)
      unitPrice = formatScaled(sku.price)
      quantity = formatScaled(qty)
      lastUsageRef = reference
      if (random.chance(0.3)) attributed = `${quantity},${formatScaled(billed)}`
      if (random.chance(0.01)) overage = `Y,${unitPrice},${quantity},${list}`
    }
    const row =
      `${resource.availabilityZone},${formatScaled(billed)},${common}${currency},${slot.billingEnd},${slot.billingStart},` +
      `${category},${description},Usage-based,${slot.end},${slot.start},,,,,,${formatScaled(effective)},Oracle,` +
      `${list},${unitPrice},,${quantity},${unit},Oracle,Oracle,${resource.region.name},${resourceId},,` +
      `${service.resourceType},${service.category},${service.name},${skuId},,${subAccount},${resource.tags},` +
      `${quantity},${unit},${reference},${resource.compartment.id},${resource.compartment.name},${overage},` +
      `${attributed},${backReference}${CRLF}`
    if (buffer.length - used < row.length * 3) {
      // Hand the filled buffer over (no copy) and start a new one.
      yield buffer.subarray(0, used)
      buffer = Buffer.allocUnsafe(Math.max(chunkBytes, row.length * 3))
      used = 0
    }
    used += buffer.write(row, used)
    totals.rows += 1
    addGroup(totals, `${service.name}|${slot.day}`, billed, effective, 1)
    sink?.referenceNumbers?.push(reference)
  }
  if (used > 0) yield buffer.subarray(0, used)
}

/** A whole FOCUS CSV file in memory, with its exact totals. */
export function generateFocusCsv(options: FocusCsvOptions): {
  csv: Buffer
  totals: RowTotals
  referenceNumbers: string[]
} {
  const sink: FocusRowSink & { referenceNumbers: string[] } = { totals: emptyTotals(), referenceNumbers: [] }
  const parts: Buffer[] = []
  for (const chunk of generateFocusCsvRows(options, sink)) parts.push(chunk)
  return { csv: Buffer.concat(parts), totals: sink.totals, referenceNumbers: sink.referenceNumbers }
}

/**
 * Streams one FOCUS file straight to `path` as `.csv.gz` (constant memory, for benchmarks with
 * millions of rows). Resolves with the exact totals.
 */
export async function writeFocusCsvGz(
  path: string,
  options: FocusCsvOptions & { gzipLevel?: number },
): Promise<{ totals: RowTotals; csvBytes: number }> {
  const sink: FocusRowSink = { totals: emptyTotals() }
  let csvBytes = 0
  const counted = function* () {
    for (const chunk of generateFocusCsvRows(options, sink)) {
      csvBytes += chunk.length
      yield chunk
    }
  }
  await pipeline(
    Readable.from(counted()),
    createGzip({ level: options.gzipLevel ?? 6 }),
    createWriteStream(path),
  )
  return { totals: sink.totals, csvBytes }
}

// Tenancy profiles are pure functions of (seed, OCID); cache them for multi-file runs.
const profiles = new Map<string, TenancyProfile>()
export function profileFor(seed: number, tenancyOcid: string): TenancyProfile {
  const key = `${seed}|${tenancyOcid}`
  let profile = profiles.get(key)
  if (profile === undefined) {
    if (profiles.size > 64) profiles.clear()
    profile = buildTenancyProfile(seed, tenancyOcid)
    profiles.set(key, profile)
  }
  return profile
}

/** `V2.` + base64 of 37 bytes, the shape of OCI's oci_ReferenceNumber. */
const referenceBytes = Buffer.alloc(40)
function referenceNumber(random: Random): string {
  for (let offset = 0; offset < 40; offset += 4) referenceBytes.writeUInt32LE(random.uint32(), offset)
  return `V2.${referenceBytes.toString('base64', 0, 37)}`
}

function stripQuotes(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field
}

/** Milliseconds of UTC midnight for a `YYYY-MM-DD` day; throws EMULATOR_INVALID_OPTION otherwise. */
export function parseDay(day: string, option: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  const time =
    match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `${option}: must be a calendar day YYYY-MM-DD, got ${JSON.stringify(day)}`,
      {
        option,
        value: day,
      },
    )
  }
  return time
}

export function addDays(time: number, days: number): number {
  return time + days * 86_400_000
}

export function dayString(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** ChargePeriod at minute precision (`2025-09-25T19:00Z`); BillingPeriod in ms with an inclusive end. */
function hourSlots(dayTime: number): HourSlot[] {
  const date = new Date(dayTime)
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
  const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
  const billingStart = new Date(monthStart).toISOString()
  const billingEnd = new Date(nextMonth - 1).toISOString()
  const day = dayString(dayTime)
  const slots: HourSlot[] = []
  for (let hour = 0; hour < 24; hour++) {
    const start = new Date(dayTime + hour * 3_600_000).toISOString().slice(0, 16)
    const end = new Date(dayTime + (hour + 1) * 3_600_000).toISOString().slice(0, 16)
    slots.push({ start: `${start}Z`, end: `${end}Z`, day, billingStart, billingEnd })
  }
  return slots
}
