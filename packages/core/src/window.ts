import { CoreError } from './errors.js'
import type { ObjectSummary } from './store/types.js'

/**
 * Which OCI report family to copy. `focus`: `FOCUS Reports/YYYY/MM/DD/` day folders. `cost` and
 * `usage`: the legacy flat folders `reports/cost-csv/` and `reports/usage-csv/`, whose names carry
 * no date, so the window applies to each object's timeModified.
 */
export type ReportKind = 'focus' | 'cost' | 'usage'

export const REPORT_KINDS: readonly ReportKind[] = ['focus', 'cost', 'usage']

/** OCI keeps cost reports one year (documented for legacy reports; assumed for FOCUS). */
export const DEFAULT_RETENTION_DAYS = 365

/** Today and the two days before: late files (24–72 h) for the previous days are picked up. */
export const DEFAULT_LOOKBACK_DAYS = 3

export interface WindowOptions {
  /** @default 'focus' */
  readonly kind?: ReportKind
  /** One UTC day, `YYYY-MM-DD`, `today` or `yesterday`. Not with from/to/lookbackDays. */
  readonly date?: string
  /** First UTC day (inclusive). Without `to`, the window ends today. */
  readonly from?: string
  /** Last UTC day (inclusive). Needs `from`. */
  readonly to?: string
  /**
   * The last N UTC days including today: 3 → today, yesterday and the day before. Used when no
   * date or from/to is given. @default 3
   */
  readonly lookbackDays?: number
  /** The clock; default `new Date()`. Only its UTC calendar day matters. */
  readonly now?: Date
  /** Days OCI keeps reports; a window starting earlier is refused. `Infinity` disables the check. @default 365 */
  readonly retentionDays?: number
}

/** A resolved window of UTC calendar days, and how to find its objects. */
export interface ReportWindow {
  readonly kind: ReportKind
  /** First day, `YYYY-MM-DD` (UTC, inclusive). */
  readonly from: string
  /** Last day, `YYYY-MM-DD` (UTC, inclusive). */
  readonly to: string
  /** Every day from..to, ascending. */
  readonly days: readonly string[]
  /** What to list: one prefix per day for focus; the flat folder for cost/usage. */
  readonly prefixes: readonly string[]
  /** Whether a listed object belongs to this window (day folder, or timeModified for flat kinds). */
  includes(object: Pick<ObjectSummary, 'name' | 'timeModified'>): boolean
}

const FLAT_PREFIX: Record<Exclude<ReportKind, 'focus'>, string> = {
  cost: 'reports/cost-csv/',
  usage: 'reports/usage-csv/',
}

export const FOCUS_PREFIX = 'FOCUS Reports/'

const DAY_MS = 86_400_000

/**
 * Resolve options to a window of UTC days. Throws CoreError: CORE_INVALID_DATE (not a calendar
 * day, or after today), CORE_WINDOW_REVERSED (from after to), CORE_WINDOW_BEYOND_RETENTION
 * (starts before now − retentionDays), CORE_INVALID_OPTION (date mixed with from/to, bad kind,
 * bad lookbackDays).
 */
export function resolveWindow(options: WindowOptions = {}): ReportWindow {
  const kind = options.kind ?? 'focus'
  if (!REPORT_KINDS.includes(kind)) {
    throw new CoreError('CORE_INVALID_OPTION', `kind: must be focus, cost or usage, got ${String(kind)}`, {
      value: String(kind),
    })
  }
  const now = options.now ?? new Date()
  if (Number.isNaN(now.getTime())) {
    throw new CoreError('CORE_INVALID_OPTION', 'now: must be a valid Date, got an invalid Date')
  }
  const today = startOfUtcDay(now.getTime())
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS
  if (
    !(retentionDays === Number.POSITIVE_INFINITY || (Number.isInteger(retentionDays) && retentionDays >= 1))
  ) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `retentionDays: must be a whole number >= 1 or Infinity, got ${retentionDays}`,
      { value: String(retentionDays) },
    )
  }

  const hasRange = options.from !== undefined || options.to !== undefined
  if (options.date !== undefined && hasRange) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `date: give either date or from/to, got date ${options.date} and ${describeRange(options.from, options.to)}`,
    )
  }
  if (options.lookbackDays !== undefined && (options.date !== undefined || hasRange)) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `lookbackDays: give either lookbackDays or a date/from/to, got lookbackDays ${options.lookbackDays} with ${
        options.date !== undefined ? `date ${options.date}` : describeRange(options.from, options.to)
      }`,
    )
  }

  let fromMs: number
  let toMs: number
  if (options.date !== undefined) {
    fromMs = parseDay(options.date, 'date', today)
    toMs = fromMs
  } else if (hasRange) {
    if (options.from === undefined) {
      throw new CoreError('CORE_INVALID_OPTION', `from: is required with to, got only to ${options.to}`, {
        value: String(options.to),
      })
    }
    fromMs = parseDay(options.from, 'from', today)
    toMs = options.to === undefined ? today : parseDay(options.to, 'to', today)
    if (fromMs > toMs) {
      throw new CoreError(
        'CORE_WINDOW_REVERSED',
        `from..to: from must be on or before to, got ${formatDay(fromMs)}..${formatDay(toMs)}`,
        { value: `${options.from}..${options.to ?? formatDay(toMs)}` },
      )
    }
  } else {
    const lookback = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS
    if (!Number.isInteger(lookback) || lookback < 1) {
      throw new CoreError(
        'CORE_INVALID_OPTION',
        `lookbackDays: must be a whole number >= 1, got ${lookback}`,
        {
          value: String(lookback),
        },
      )
    }
    toMs = today
    fromMs = today - (lookback - 1) * DAY_MS
  }

  for (const [what, ms] of [
    ['from', fromMs],
    ['to', toMs],
  ] as const) {
    if (ms > today) {
      throw new CoreError(
        'CORE_INVALID_DATE',
        `${what}: must not be after today (${formatDay(today)}, days are UTC), got ${formatDay(ms)}`,
        { value: formatDay(ms) },
      )
    }
  }
  if (retentionDays !== Number.POSITIVE_INFINITY) {
    const earliest = today - retentionDays * DAY_MS
    if (fromMs < earliest) {
      throw new CoreError(
        'CORE_WINDOW_BEYOND_RETENTION',
        `from: must be within the ${retentionDays}-day report retention (on or after ${formatDay(earliest)}), got ${formatDay(fromMs)}`,
        { value: formatDay(fromMs) },
      )
    }
  }

  const days: string[] = []
  for (let ms = fromMs; ms <= toMs; ms += DAY_MS) days.push(formatDay(ms))
  return buildWindow(kind, days)
}

function buildWindow(kind: ReportKind, days: readonly string[]): ReportWindow {
  const from = days[0]!
  const to = days[days.length - 1]!
  if (kind === 'focus') {
    const prefixes = days.map((day) => `${FOCUS_PREFIX}${day.replaceAll('-', '/')}/`)
    const daySet = new Set(days)
    return {
      kind,
      from,
      to,
      days,
      prefixes,
      includes(object) {
        const day = focusDayOf(object.name)
        return day !== undefined && daySet.has(day) && !object.name.endsWith('/')
      },
    }
  }
  const prefix = FLAT_PREFIX[kind]
  return {
    kind,
    from,
    to,
    days,
    prefixes: [prefix],
    includes(object) {
      if (!object.name.startsWith(prefix) || object.name.endsWith('/')) return false
      const modified = Date.parse(object.timeModified)
      if (Number.isNaN(modified)) return false
      const day = formatDay(startOfUtcDay(modified))
      return day >= from && day <= to
    },
  }
}

/** `YYYY-MM-DD` of a `FOCUS Reports/YYYY/MM/DD/...` name, or undefined. */
export function focusDayOf(name: string): string | undefined {
  const match = /^FOCUS Reports\/(\d{4})\/(\d{2})\/(\d{2})\//.exec(name)
  return match === null ? undefined : `${match[1]}-${match[2]}-${match[3]}`
}

/** Midnight UTC (ms) of the UTC day that contains `ms`. */
function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS
}

/** `YYYY-MM-DD` of a UTC midnight. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

function parseDay(input: string, what: string, today: number): number {
  const value = input.trim()
  if (value === 'today') return today
  if (value === 'yesterday') return today - DAY_MS
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (match !== null) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
    const ms = Date.UTC(year, month - 1, day)
    const back = new Date(ms)
    // Date.UTC rolls 2025-02-30 over to March 2: a real day round-trips, an invalid one does not.
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day)
      return ms
  }
  throw new CoreError(
    'CORE_INVALID_DATE',
    `${what}: must be a calendar day YYYY-MM-DD (UTC), today or yesterday, got ${input}`,
    { value: input },
  )
}

function describeRange(from: string | undefined, to: string | undefined): string {
  return `from ${from ?? '(none)'} to ${to ?? '(none)'}`
}
