import { LoadError } from '../errors.js'
import type { ReportRange } from './types.js'

/**
 * Date arithmetic shared by every sink's report queries, so DuckDB and Oracle answer the same
 * question. All instants are UTC; a day 'YYYY-MM-DD' covers [00:00, next day 00:00).
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** 'YYYY-MM-DD' → the Date of its 00:00 UTC; throws LOAD_INVALID_OPTION on anything else. */
export function dayStart(day: string, what = 'day'): Date {
  const date = new Date(`${day}T00:00:00Z`)
  if (!DAY.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `${what}: must be a UTC day YYYY-MM-DD, got ${JSON.stringify(day)}`,
    )
  }
  return date
}

/** [start, end) instants of an inclusive day range; refuses a reversed range. */
export function rangeBounds(range: ReportRange): { start: Date; end: Date } {
  const start = dayStart(range.from, 'from')
  const last = dayStart(range.to, 'to')
  if (last < start) {
    throw new LoadError(
      'LOAD_INVALID_OPTION',
      `range: from must not be after to, got ${range.from} > ${range.to}`,
    )
  }
  return { start, end: new Date(last.getTime() + 86_400_000) }
}

export interface MonthWindows {
  readonly month: string
  readonly previousMonth: string
  /** [first of month, asOf + 1 day) */
  readonly monthToDate: { start: Date; end: Date }
  /** The same days-of-month in the previous month, cut at its end (31 March → whole February). */
  readonly previousSamePeriod: { start: Date; end: Date }
  readonly previousMonthWhole: { start: Date; end: Date }
}

/** The three windows of a month-to-date comparison for the UTC day `asOf`. */
export function monthWindows(asOf: string): MonthWindows {
  const day = dayStart(asOf, 'asOf')
  const y = day.getUTCFullYear()
  const m = day.getUTCMonth()
  const monthStart = new Date(Date.UTC(y, m, 1))
  const previousStart = new Date(Date.UTC(y, m - 1, 1))
  const daysIn = day.getUTCDate()
  const sameEnd = new Date(Math.min(previousStart.getTime() + daysIn * 86_400_000, monthStart.getTime()))
  return {
    month: monthStart.toISOString().slice(0, 7),
    previousMonth: previousStart.toISOString().slice(0, 7),
    monthToDate: { start: monthStart, end: new Date(day.getTime() + 86_400_000) },
    previousSamePeriod: { start: previousStart, end: sameEnd },
    previousMonthWhole: { start: previousStart, end: monthStart },
  }
}
